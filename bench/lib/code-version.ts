// Which product code a result measured: the tree has no commits to name, and others change it while
// benches run, so a result carries a fingerprint of src/ (sha256 over paths and contents).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './server-process.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

export function codeFingerprint(): { src: string; files: number } {
  const hash = createHash('sha256');
  const files = filesUnder(join(ROOT, 'src')).sort();
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return { src: hash.digest('hex').slice(0, 16), files: files.length };
}
