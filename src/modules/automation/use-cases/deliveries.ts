import type { Context } from '../../../platform/db/context.ts';
import type { Job } from '../../../platform/jobs/jobs.ts';
import type { JobHandler } from '../../../platform/jobs/worker.ts';
import { usersRepo } from '../../identity/index.ts';
import { type ChannelRow, channelsRepo } from '../automation.repo.ts';
import {
  type ChannelConfigs,
  type DeliveryDeps,
  DeliveryError,
  renderTemplate,
  sendNotification,
  type TemplateValues,
} from '../notify/index.ts';

/**
 * The durable jobs that leave the building: group robots, webhooks, e-mail and SMS. Each either succeeds,
 * or throws a DeliveryError whose `retryable` and `retryAfterMs` the job queue honours (backoff, then the
 * dead-letter list). Job ids are stable across retries, so receivers can drop duplicates.
 */

const gone = (what: string) => new DeliveryError('invalid_target', `${what} no longer exists`, { retryable: false });

async function channelOf(ctx: Context, tenantId: string, id: unknown): Promise<ChannelRow> {
  const channel = typeof id === 'string' ? await channelsRepo.byId(ctx.db, tenantId, id) : undefined;
  if (!channel) throw gone('The notification channel');
  return channel;
}

async function firstChannel(ctx: Context, tenantId: string, kind: ChannelRow['kind']): Promise<ChannelRow> {
  const channel = (await channelsRepo.list(ctx.db, tenantId)).find((row) => row.kind === kind);
  if (!channel) throw new DeliveryError('invalid_target', `No ${kind} channel is set up`, { retryable: false });
  return channel;
}

async function sendThrough(channel: ChannelRow, message: unknown, deps: DeliveryDeps): Promise<void> {
  await sendNotification(channel.kind, channel.config as ChannelConfigs[typeof channel.kind], message as never, deps);
}

export function deliveryHandlers(deps: Omit<DeliveryDeps, 'clock'>): Record<string, JobHandler> {
  const withClock = (ctx: Context): DeliveryDeps => ({ ...deps, clock: ctx.clock });
  return {
    /** A robot message or a webhook event through one of the tenant's channels. */
    channel: async (ctx: Context, job: Job) => {
      const channel = await channelOf(ctx, job.tenant_id, job.payload.channelId);
      const values = (job.payload.values ?? {}) as TemplateValues;
      const template = typeof job.payload.template === 'string' ? job.payload.template : '';
      if (channel.kind === 'dingtalk' || channel.kind === 'wecom') {
        const title = `${values['ticket.number'] ?? ''} ${values['ticket.subject'] ?? ''}`.trim() || 'Loopdesk';
        await sendThrough(
          channel,
          { title, text: renderTemplate(template, values, { escape: 'markdown' }) },
          withClock(ctx),
        );
      } else if (channel.kind === 'webhook') {
        const event = (job.payload.event ?? {}) as { id?: string; type?: string; data?: unknown };
        await sendThrough(
          channel,
          {
            id: event.id ?? `job-${job.id}`,
            type: event.type ?? 'ticket.automation',
            createdAt: new Date(job.created_at).toISOString(),
            tenantId: job.tenant_id,
            data: event.data ?? { ticketId: job.payload.ticketId, text: renderTemplate(template, values) },
          },
          withClock(ctx),
        );
      } else {
        throw new DeliveryError('invalid_target', `A ${channel.kind} channel takes personal notifications only`, {
          retryable: false,
        });
      }
    },
    /** A notification e-mail to a user (or an address) through the tenant's e-mail channel. */
    'notify-email': async (ctx: Context, job: Job) => {
      const channel = await firstChannel(ctx, job.tenant_id, 'email');
      let to = typeof job.payload.address === 'string' ? job.payload.address : null;
      if (!to && typeof job.payload.userId === 'string') {
        const user = await usersRepo.byId(ctx.db, job.tenant_id, job.payload.userId);
        if (!user?.active) throw gone('The user');
        to = user.email;
      }
      if (!to) throw gone('The recipient');
      await sendThrough(
        channel,
        {
          id: `${job.tenant_id}.${job.id}`,
          to,
          subject: String(job.payload.subject ?? ''),
          text: String(job.payload.text),
        },
        withClock(ctx),
      );
    },
    /** A notification SMS to a phone number (E.164) through the tenant's SMS gateway. */
    'notify-sms': async (ctx: Context, job: Job) => {
      const channel = await firstChannel(ctx, job.tenant_id, 'sms');
      if (typeof job.payload.address !== 'string') throw gone('The phone number');
      await sendThrough(channel, { to: job.payload.address, text: String(job.payload.text) }, withClock(ctx));
    },
  };
}
