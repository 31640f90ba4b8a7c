#!/usr/bin/env node
// Runs the endpoint from the environment, as `npm run serve` does in the repository.
import { main } from '../dist/server/cli.js';

await main();
