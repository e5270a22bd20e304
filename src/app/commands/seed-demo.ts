import { parseArgs } from 'node:util';
import { createCustomer } from '../../modules/customers/index.ts';
import {
  createDemoRandom,
  type DemoCustomer,
  type DemoTicket,
  demoCustomers,
  demoStaff,
  demoTickets,
} from '../../modules/demo/index.ts';
import { createTeam, createUser, listTeams, tenantsRepo, usersRepo } from '../../modules/identity/index.ts';
import {
  type Actor,
  addComment,
  createTicket,
  ticketTypesRepo,
  updateTicket,
  type Workflow,
} from '../../modules/tickets/index.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { fixedClock } from '../../platform/clock/clock.ts';
import { type Context, inTransaction } from '../../platform/db/context.ts';
import { createTenantWithDefaults } from '../tenant-setup.ts';
import type { Command } from './command.ts';

/** The shortest way through the workflow from its initial state to `target`. */
export function pathTo(workflow: Workflow, target: string): string[] {
  const previous = new Map<string, string | null>([[workflow.initial, null]]);
  const queue = [workflow.initial];
  while (queue.length) {
    const state = queue.shift() as string;
    if (state === target) break;
    for (const [from, to] of workflow.transitions) {
      if (from === state && !previous.has(to)) {
        previous.set(to, state);
        queue.push(to);
      }
    }
  }
  if (!previous.has(target)) return [];
  const path: string[] = [];
  for (let s: string | null = target; s && s !== workflow.initial; s = previous.get(s) ?? null) path.unshift(s);
  return path;
}

function contactsOf(customer: DemoCustomer) {
  return customer.contactPoints.map((point) => ({
    kind: point.kind === 'mobile' || point.kind === 'landline' ? ('phone' as const) : point.kind,
    value: point.value,
  }));
}

export const seedDemoCommand: Command = {
  usage:
    'seed-demo [--tickets N] [--tenant SLUG | --new-tenant NAME] [--password P] [--seed S]   a realistic Chinese demo: staff of every role, customers, ~500 tickets',
  forwardable: true,
  async run({ database, io }, args) {
    const { values } = parseArgs({
      args,
      options: {
        tickets: { type: 'string', default: '500' },
        tenant: { type: 'string' },
        'new-tenant': { type: 'string' },
        password: { type: 'string', default: 'loopdesk-demo' },
        seed: { type: 'string', default: '20261122' },
      },
    });
    const count = Number(values.tickets);
    if (!Number.isInteger(count) || count < 0 || count > 100_000)
      throw new Error('--tickets must be a whole number up to 100000');
    const now = new Date();
    const clock = fixedClock(now);
    const ctx: Context = { db: database.db, clock };
    let tenant = values.tenant ? await tenantsRepo.bySlug(ctx.db, values.tenant) : await tenantsRepo.first(ctx.db);
    if (values['new-tenant'])
      tenant = (
        await createTenantWithDefaults(ctx, {
          name: values['new-tenant'],
          adminEmail: 'admin@example.com',
          adminPassword: values.password,
        })
      ).tenant;
    if (!tenant) {
      io.err('No such tenant\n');
      return 1;
    }
    const tenantId = tenant.id;
    const rng = createDemoRandom(Number(values.seed));
    const staff = demoStaff();
    const userIds = new Map<string, string>();
    const principals = new Map<string, Principal>();
    await inTransaction(ctx, async (tx) => {
      for (const member of staff.members) {
        const existing = await usersRepo.byEmail(tx.db, tenantId, member.email);
        const user =
          existing ??
          (await createUser(tx, {
            tenantId,
            email: member.email,
            name: member.name,
            role: member.role,
            password: values.password,
          }));
        userIds.set(member.email, user.id);
        principals.set(member.email, { tenantId, userId: user.id, role: user.role, via: 'token', csrfToken: null });
      }
    });
    // Teams already there (a second seed into the same tenant) are reused, not created again.
    const existingTeams = new Map((await listTeams(ctx, tenantId)).map(({ team }) => [team.name, team.id]));
    const teamIds = new Map<string, string>();
    for (const team of staff.teams) {
      const id =
        existingTeams.get(team.name) ??
        (
          await createTeam(ctx, {
            tenantId,
            name: team.name,
            memberIds: team.memberEmails.map((e) => userIds.get(e) ?? '').filter(Boolean),
          })
        ).id;
      teamIds.set(team.key, id);
    }
    const customers = demoCustomers(rng, Math.max(1, Math.ceil(count / 3)));
    const customerIds: string[] = [];
    clock.set(new Date(now.getTime() - 120 * 86_400_000));
    await inTransaction(ctx, async (tx) => {
      for (const customer of customers) {
        const created = await createCustomer(tx, tenantId, {
          kind: customer.kind === 'organization' ? 'organisation' : 'person',
          name: customer.name,
          contacts: contactsOf(customer),
        });
        customerIds.push(created.customer.id);
      }
    });
    const workflows = new Map((await ticketTypesRepo.list(ctx.db, tenantId)).map((type) => [type.key, type.workflow]));
    const tickets = demoTickets(rng, { count, customers, now, days: 90 });
    const system: Actor = { type: 'system' };
    for (const demo of tickets)
      await seedTicket(ctx, clock, { tenantId, demo, customerIds, userIds, teamIds, principals, workflows, system });
    io.out(
      `seeded tenant ${tenant.slug}: ${staff.members.length} staff (password "${values.password}"), ${customers.length} customers, ${tickets.length} tickets\n`,
    );
    return 0;
  },
};

type SeedTicketOptions = {
  tenantId: string;
  demo: DemoTicket;
  customerIds: string[];
  userIds: Map<string, string>;
  teamIds: Map<string, string>;
  principals: Map<string, Principal>;
  workflows: Map<string, Workflow>;
  system: Actor;
};

async function seedTicket(ctx: Context, clock: ReturnType<typeof fixedClock>, o: SeedTicketOptions): Promise<void> {
  const { demo } = o;
  clock.set(demo.createdAt);
  await inTransaction(ctx, async (tx) => {
    const assigneeId = demo.assigneeEmail ? (o.userIds.get(demo.assigneeEmail) ?? null) : null;
    const agent = demo.assigneeEmail ? o.principals.get(demo.assigneeEmail) : undefined;
    const actor: Actor = agent ? { type: 'user', principal: agent } : o.system;
    const { ticket } = await createTicket(tx, o.tenantId, o.system, {
      subject: demo.subject,
      description: demo.description,
      channel: demo.channel,
      priority: demo.priority,
      type: demo.type,
      customerId: o.customerIds[demo.customerIndex] ?? '',
      tags: demo.tags,
      ...(demo.location
        ? { location: { address: demo.location.address, lat: demo.location.lat, lng: demo.location.lng } }
        : {}),
      assigneeId,
      teamId: demo.teamKey ? (o.teamIds.get(demo.teamKey) ?? null) : null,
    });
    const customerId = ticket.customer_id;
    const steps = pathTo(o.workflows.get(demo.type) ?? { initial: 'new', states: [], transitions: [] }, demo.status);
    const events = [
      ...demo.comments.map((c) => ({ at: new Date(c.createdAt).getTime(), comment: c })),
      ...steps.map((status, i) => ({
        at:
          new Date(demo.createdAt).getTime() +
          ((new Date(demo.updatedAt).getTime() - new Date(demo.createdAt).getTime()) * (i + 1)) / (steps.length + 1),
        status,
      })),
    ].sort((a, b) => a.at - b.at);
    let version = ticket.version;
    for (const event of events) {
      clock.set(new Date(event.at));
      if ('status' in event && event.status) {
        version = (
          await updateTicket(tx, {
            tenantId: o.tenantId,
            ticketId: ticket.id,
            actor,
            expectedVersion: version,
            changes: { status: event.status },
          })
        ).version;
      } else if ('comment' in event && event.comment) {
        const c = event.comment;
        const author: Actor =
          c.kind === 'customer_reply'
            ? customerId
              ? { type: 'customer', customerId }
              : o.system
            : { type: 'user', principal: o.principals.get(c.staffEmail) ?? (agent as Principal) };
        await addComment(tx, {
          tenantId: o.tenantId,
          ticketId: ticket.id,
          actor: author.type === 'user' && !author.principal ? o.system : author,
          input: { body: c.body, public: c.kind !== 'internal_note' },
        });
      }
    }
  });
}
