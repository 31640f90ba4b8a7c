// Empties dist/ before a package build, so nothing a former layout left
// there (the endpoint's old dist/server, removed modules) is published.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
