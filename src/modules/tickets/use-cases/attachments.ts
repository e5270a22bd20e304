import type { Readable } from 'node:stream';
import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { type BlobStore, BlobTooLargeError, contentMatchesType } from '../../../platform/storage/blob-store.ts';
import { type AttachmentRow, ticketsRepo } from '../tickets.repo.ts';
import { type Actor, loadTicket, recordEvents } from './ticket-context.ts';

export type AttachmentLimits = { maxBytes: number; types: string[] };

// File names are shown, never used as paths: NFKC, no control or zero-width characters, no directories.
// Control, zero-width and bidi-override characters: invisible in a name, so never kept.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g;

export function cleanFilename(name: string): string {
  const base = name.normalize('NFKC').replace(INVISIBLE, '').split(/[\\/]/).pop() ?? '';
  const trimmed = base.trim().replace(/^\.+/, '').slice(0, 200);
  return trimmed || 'attachment';
}

export async function addAttachment(
  ctx: Context,
  options: {
    tenantId: string;
    ticketId: string;
    actor: Actor;
    filename: string;
    contentType: string;
    stream: Readable;
    blobs: BlobStore;
    limits: AttachmentLimits;
  },
): Promise<AttachmentRow> {
  const { tenantId, actor, limits } = options;
  const ticket = await loadTicket(ctx, tenantId, options.ticketId, actor);
  const contentType = options.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!limits.types.includes(contentType)) {
    options.stream.resume();
    throw new AppError('ATTACHMENT_TYPE_REFUSED', `Files of type ${contentType || 'unknown'} are not accepted`, {
      details: { accepted: limits.types },
    });
  }
  let stored: Awaited<ReturnType<BlobStore['put']>>;
  try {
    stored = await options.blobs.put(options.stream, limits.maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLargeError)
      throw new AppError('PAYLOAD_TOO_LARGE', `Attachments may be at most ${limits.maxBytes} bytes`);
    throw error;
  }
  if (!contentMatchesType(contentType, stored.head)) {
    throw new AppError('ATTACHMENT_TYPE_REFUSED', `The file's content is not ${contentType}`);
  }
  const now = ctx.clock.now();
  const row: AttachmentRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    ticket_id: ticket.id,
    filename: cleanFilename(options.filename),
    content_type: contentType,
    size_bytes: stored.size,
    sha256: stored.sha256,
    created_by: actor.type === 'user' ? actor.principal.userId : null,
    created_at: now,
  };
  await ticketsRepo.insertAttachment(ctx.db, row);
  await recordEvents(ctx, ticket, actor, [
    { type: 'attachment.added', data: { attachmentId: row.id, filename: row.filename, size: row.size_bytes } },
  ]);
  return row;
}
