import type { DemoComment, DemoDeskStatus, DemoFieldStatus, DemoLanguage, DemoStaffMember } from './demo.types.ts';
import { COMMENT_TEXTS } from './demo-comment-texts.ts';
import type { IsoTimeFormatter } from './demo-iso-time.ts';
import type { DemoRandom } from './demo-random.ts';
import type { StaffDirectory } from './demo-staff.ts';
import { commentCount } from './demo-ticket-mix.ts';

const MINUTE_MS = 60_000;
// Never let a follow-up reach `now`; leave it at least this much room.
const MIN_ROOM_MS = 2_000;

export type TimelineRequest = {
  language: DemoLanguage;
  field: boolean;
  // Decides how many follow-ups there are and how the last one reads.
  status: DemoDeskStatus | DemoFieldStatus;
  createdAt: number;
  now: number;
  assignee: DemoStaffMember | null;
  // Team dispatcher for field tickets.
  dispatcher: DemoStaffMember | null;
};

type CommentKind = DemoComment['kind'];

const isFinished = (status: TimelineRequest['status']): boolean => status === 'resolved' || status === 'closed';

// Two identical messages in a row read like a glitch, not a conversation.
const pickFresh = (rng: DemoRandom, pool: readonly string[], previous: string): string => {
  const index = rng.int(0, pool.length - 1);
  const text = pool[index]!;
  return text === previous ? pool[(index + 1) % pool.length]! : text;
};

const pickKind = (rng: DemoRandom, position: number): CommentKind => {
  const roll = rng.next();
  // The first follow-up is usually the agent's first response.
  if (position === 0) return roll < 0.7 ? 'agent_reply' : roll < 0.9 ? 'internal_note' : 'customer_reply';
  return roll < 0.4 ? 'customer_reply' : roll < 0.75 ? 'agent_reply' : 'internal_note';
};

export type TimelineWriter = (rng: DemoRandom, request: TimelineRequest) => DemoComment[];

// Writes follow-ups in time order, each strictly after the previous one and before `now`.
export const createTimelineWriter = (staff: StaffDirectory, formatTime: IsoTimeFormatter): TimelineWriter => {
  // Filled per ticket and copied out at its exact length: arrays grown by push keep spare capacity,
  // which adds up to hundreds of megabytes over a million tickets.
  const scratch: DemoComment[] = [];

  const replier = (rng: DemoRandom, request: TimelineRequest): DemoStaffMember => {
    if (request.field) {
      return request.dispatcher !== null && rng.chance(0.6) ? request.dispatcher : rng.pick(staff.tier1Agents);
    }
    return request.assignee ?? rng.pick(staff.tier1Agents);
  };

  const noter = (rng: DemoRandom, request: TimelineRequest): DemoStaffMember => {
    if (request.field && request.assignee !== null && rng.chance(0.7)) return request.assignee;
    if (request.field && request.dispatcher !== null) return request.dispatcher;
    if (request.assignee !== null && rng.chance(0.7)) return request.assignee;
    return staff.supervisor;
  };

  return (rng, request) => {
    const isNew = request.status === 'new';
    const count = commentCount(rng, isNew);
    if (count === 0) return [];
    const comments = scratch;
    comments.length = 0;
    let at = request.createdAt;

    const texts = COMMENT_TEXTS[request.language];
    const byType = request.field ? 'field' : 'desk';
    const closing = isFinished(request.status)
      ? texts.resolution[byType]
      : request.status === 'cancelled'
        ? texts.cancellation
        : null;
    // Field work moves in hours and days, desk replies in minutes and hours.
    const maxGapMinutes = request.field ? 26 * 60 : 9 * 60;

    let previous = '';
    for (let i = 0; i < count; i++) {
      const room = request.now - at;
      if (room < MIN_ROOM_MS) break;
      const gap = Math.min(rng.int(3, maxGapMinutes) * MINUTE_MS + rng.int(0, 59_999), room * 0.5);
      at += Math.max(1, Math.floor(gap));
      const createdAt = formatTime(at);
      if (i === count - 1 && closing !== null) {
        const staffEmail = replier(rng, request).email;
        comments.push({ kind: 'agent_reply', staffEmail, body: pickFresh(rng, closing, previous), createdAt });
        break;
      }
      const kind = isNew ? 'customer_reply' : pickKind(rng, i);
      if (kind === 'customer_reply') {
        const pool = isNew ? texts.chaser : texts.customerReply[byType];
        previous = pickFresh(rng, pool, previous);
        comments.push({ kind, body: previous, createdAt });
      } else if (kind === 'agent_reply') {
        const staffEmail = replier(rng, request).email;
        previous = pickFresh(rng, texts.agentReply[byType], previous);
        comments.push({ kind, staffEmail, body: previous, createdAt });
      } else {
        const staffEmail = noter(rng, request).email;
        previous = pickFresh(rng, texts.internalNote[byType], previous);
        comments.push({ kind, staffEmail, body: previous, createdAt });
      }
    }
    const written = comments.slice();
    comments.length = 0;
    return written;
  };
};
