/** Writes the endpoint's OpenAPI document to openapi.json (`npm run openapi`). */
import { writeFile } from 'node:fs/promises';
import { createCheckoutApp, MemoryStore } from '../src/server/index.js';

const app = createCheckoutApp({ store: new MemoryStore(), secretKey: 'unused-for-the-document' });
const response = await app.fetch(new Request('http://localhost/openapi.json'));
await writeFile('openapi.json', `${JSON.stringify(await response.json(), null, 2)}\n`);
console.log('wrote openapi.json');
