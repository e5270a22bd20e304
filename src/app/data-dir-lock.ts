import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite admits one process per data directory. The holder writes DATA_DIR/loopdesk.lock; a running
 * server also writes its local URL and a secret there, so the CLI can hand its work to the server.
 */
export type LockInfo = { pid: number; kind: 'server' | 'cli'; url?: string; secret?: string };

export type DataDirLock = { info: LockInfo; publish(url: string): string; release(): void };

const lockPath = (dataDir: string) => join(dataDir, 'loopdesk.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && isAlive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

export function acquireLock(dataDir: string, kind: LockInfo['kind']): DataDirLock | null {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const info: LockInfo = { pid: process.pid, kind };
      writeFileSync(path, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return {
        info,
        publish(url: string) {
          const secret = randomBytes(32).toString('base64url');
          Object.assign(info, { url, secret });
          writeFileSync(path, JSON.stringify(info), { mode: 0o600 });
          return secret;
        },
        release,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (readLock(dataDir)) return null;
      rmSync(path, { force: true }); // a stale lock from a process that is gone
    }
  }
  return null;
}
