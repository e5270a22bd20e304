import { parseArgs } from 'node:util';
import { createApiToken, normaliseLoginEmail, tenantsRepo, usersRepo } from '../../modules/identity/index.ts';
import { systemClock } from '../../platform/clock/clock.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

export const tokenCommand: Command = {
  usage:
    'token create --email E [--tenant SLUG] [--name NAME]   print a new API token for that user (and nothing else)',
  forwardable: true,
  async run({ database, io }, args) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { email: { type: 'string' }, tenant: { type: 'string' }, name: { type: 'string' } },
    });
    if (positionals[0] !== 'create' || !values.email)
      throw new UsageError('usage: loopdesk token create --email E [--tenant SLUG] [--name NAME]');
    const ctx = { db: database.db, clock: systemClock };
    const email = normaliseLoginEmail(values.email);
    let users = await usersRepo.byEmailInAnyTenant(ctx.db, email);
    if (values.tenant) {
      const tenant = await tenantsRepo.bySlug(ctx.db, values.tenant);
      users = users.filter((u) => u.tenant_id === tenant?.id);
    }
    const [user] = users;
    if (!user) {
      io.err(`No user with e-mail ${email}${values.tenant ? ` in tenant ${values.tenant}` : ''}\n`);
      return 1;
    }
    if (users.length > 1) {
      io.err(`${email} exists in several tenants; add --tenant SLUG\n`);
      return 1;
    }
    const token = await createApiToken(ctx, {
      tenantId: user.tenant_id,
      userId: user.id,
      name: values.name ?? 'CLI token',
    });
    io.out(`${token.token}\n`);
    return 0;
  },
};
