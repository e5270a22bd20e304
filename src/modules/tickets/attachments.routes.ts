import type {} from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { BlobStore } from '../../platform/storage/blob-store.ts';
import * as contract from './tickets.contract.ts';
import { ticketsRepo } from './tickets.repo.ts';
import { actorOf } from './tickets.routes.ts';
import { attachmentView } from './tickets.views.ts';
import { type AttachmentLimits, addAttachment } from './use-cases/attachments.ts';
import { loadTicket } from './use-cases/ticket-context.ts';

export function registerAttachmentRoutes(
  app: FastifyInstance,
  { ctx, blobs, limits }: { ctx: Context; blobs: BlobStore; limits: AttachmentLimits },
): void {
  const tags = ['tickets'];
  app.post<{ Params: Static<typeof contract.IdParams> }>(
    '/api/v1/tickets/:id/attachments',
    {
      config: { permission: 'tickets:write' },
      schema: { tags, params: contract.IdParams, consumes: ['multipart/form-data'] },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!request.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the file as multipart/form-data in a field named file');
      // One byte over the limit reaches the blob store, which refuses it (PAYLOAD_TOO_LARGE) before any row is written.
      const file = await request.file({ limits: { fileSize: limits.maxBytes + 1, files: 1 } });
      if (!file) throw new AppError('VALIDATION_FAILED', 'No file in the upload');
      const row = await inTransaction(ctx, (tx) =>
        addAttachment(tx, {
          tenantId: actor.principal.tenantId,
          ticketId: request.params.id,
          actor,
          filename: file.filename,
          contentType: file.mimetype,
          stream: file.file,
          blobs,
          limits,
        }),
      );
      return reply.code(201).send(attachmentView(row));
    },
  );

  app.get<{ Params: Static<typeof contract.AttachmentParams> }>(
    '/api/v1/tickets/:id/attachments/:attachmentId',
    { config: { permission: 'tickets:read' }, schema: { tags, params: contract.AttachmentParams } },
    async (request, reply) => {
      const actor = actorOf(request);
      const tenantId = actor.principal.tenantId;
      const ticket = await loadTicket(ctx, tenantId, request.params.id, actor);
      const row = await ticketsRepo.attachment(ctx.db, tenantId, ticket.id, request.params.attachmentId);
      if (!row) throw new AppError('ATTACHMENT_NOT_FOUND', 'Attachment not found');
      // Always a download, never rendered in our origin; the name is RFC 5987-encoded.
      const ascii = row.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply
        .type(row.content_type)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
        )
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(blobs.read(row.sha256));
    },
  );
}
