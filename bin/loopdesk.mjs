#!/usr/bin/env -S node --max-semi-space-size=8
// Loopdesk's command line. It runs the TypeScript sources directly (Node >= 22.18 strips types);
// on an older Node it re-runs itself with the Node that `npm install` put in node_modules.
// --max-semi-space-size=8 keeps V8's young generation small: under load it otherwise grows to 128 MiB
// (docs/performance.md has the measurement); npm start and the shebang pass it.
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
  const result = spawnSync(
    bundled,
    ['--max-semi-space-size=8', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(result.status ?? 1);
}
const { main } = await import('../src/cli.ts');
await main(process.argv.slice(2), process.env);
