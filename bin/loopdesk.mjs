#!/usr/bin/env node
// Loopdesk's command line. It runs the TypeScript sources directly (Node >= 22.18 strips types);
// on an older Node it re-runs itself with the Node that `npm install` put in node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    process.stderr.write(
      `Loopdesk needs Node.js 22.18 or newer (this is ${process.version}); run npm install first.\n`,
    );
    process.exit(1);
  }
  const result = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
const { main } = await import('../src/cli.ts');
await main(process.argv.slice(2), process.env);
