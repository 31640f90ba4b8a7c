/**
 * Runs the endpoint from the environment: `npx checkout-kit-server` (the
 * package's bin) or `npm run serve` in the repository. Every setting is an
 * environment variable (docs/deployment.md); a bad one stops it with why.
 */
import { pathToFileURL } from 'node:url';
import { announce, exitWhenStoreStops, readConfig, startServer, stopOnSignals } from './node.js';

export async function main(): Promise<void> {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    console.error(`checkout-kit-server: ${(error as Error).message}`);
    process.exit(2);
  }
  const server = await startServer(config);
  announce(server, config);
  stopOnSignals(server);
  exitWhenStoreStops(server);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
