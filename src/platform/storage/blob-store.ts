import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export type StoredBlob = { sha256: string; size: number; head: Buffer };

export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
}

/**
 * Content-addressed files under DATA_DIR/blobs: the name is the SHA-256, never the user's file name.
 * Written to a temp file, fsynced, then renamed, so a crash leaves no half file under a real name.
 */
export function createBlobStore(root: string) {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  return {
    pathOf,
    async put(source: Readable, maxBytes: number): Promise<StoredBlob> {
      await mkdir(join(root, 'tmp'), { recursive: true });
      const temp = join(root, 'tmp', randomBytes(12).toString('hex'));
      const file = await open(temp, 'w', 0o600);
      const hash = createHash('sha256');
      let size = 0;
      const headChunks: Buffer[] = [];
      let headSize = 0;
      try {
        for await (const chunk of source) {
          const buffer = chunk as Buffer;
          size += buffer.length;
          if (size > maxBytes) throw new BlobTooLargeError(`larger than ${maxBytes} bytes`);
          if (headSize < 64) {
            headChunks.push(buffer.subarray(0, 64 - headSize));
            headSize += Math.min(buffer.length, 64 - headSize);
          }
          hash.update(buffer);
          await file.write(buffer);
        }
        await file.sync();
      } catch (error) {
        await file.close();
        await rm(temp, { force: true });
        throw error;
      }
      await file.close();
      const sha256 = hash.digest('hex');
      const target = pathOf(sha256);
      await mkdir(join(root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
      await rename(temp, target);
      return { sha256, size, head: Buffer.concat(headChunks) };
    },
    async exists(sha256: string): Promise<boolean> {
      return stat(pathOf(sha256)).then(
        () => true,
        () => false,
      );
    },
    read(sha256: string): ReadStream {
      return createReadStream(pathOf(sha256));
    },
  };
}

export type BlobStore = ReturnType<typeof createBlobStore>;

const SIGNATURES: [string, (head: Buffer) => boolean][] = [
  ['image/png', (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff],
  ['image/gif', (h) => h.subarray(0, 4).toString('latin1') === 'GIF8'],
  [
    'image/webp',
    (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP',
  ],
  ['application/pdf', (h) => h.subarray(0, 5).toString('latin1') === '%PDF-'],
  ['application/zip', (h) => h[0] === 0x50 && h[1] === 0x4b],
];

/** For types with a known signature, the first bytes must match the declared type (no HTML dressed as PNG). */
export function contentMatchesType(contentType: string, head: Buffer): boolean {
  const zipBased = contentType.includes('openxmlformats') ? 'application/zip' : contentType;
  const signature = SIGNATURES.find(([type]) => type === zipBased);
  return signature ? signature[1](head) : true;
}
