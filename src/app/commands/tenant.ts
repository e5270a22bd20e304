import { parseArgs } from 'node:util';
import { createUser, tenantsRepo } from '../../modules/identity/index.ts';
import { ROLES, type Role } from '../../platform/auth/principal.ts';
import { systemClock } from '../../platform/clock/clock.ts';
import { createTenantWithDefaults } from '../tenant-setup.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

export const tenantCommand: Command = {
  usage:
    'tenant create --name N --admin-email E [--slug S] [--admin-password P]   a new tenant with its admin; tenant list',
  forwardable: true,
  async run({ database, io }, args) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        'admin-email': { type: 'string' },
        slug: { type: 'string' },
        'admin-password': { type: 'string' },
      },
    });
    const ctx = { db: database.db, clock: systemClock };
    if (positionals[0] === 'list') {
      for (const tenant of await tenantsRepo.all(ctx.db)) io.out(`${tenant.slug}\t${tenant.id}\t${tenant.name}\n`);
      return 0;
    }
    if (positionals[0] !== 'create' || !values.name || !values['admin-email']) {
      throw new UsageError('usage: loopdesk tenant create --name N --admin-email E [--slug S] [--admin-password P]');
    }
    const created = await createTenantWithDefaults(ctx, {
      name: values.name,
      adminEmail: values['admin-email'],
      adminPassword: values['admin-password'] ?? null,
      ...(values.slug ? { slug: values.slug } : {}),
    });
    io.out(`tenant ${created.tenant.slug} ${created.tenant.id}\nadmin ${created.admin.email}\n`);
    if (created.generatedPassword) io.out(`password ${created.generatedPassword}   (shown once)\n`);
    return 0;
  },
};

export const userCommand: Command = {
  usage:
    'user create --email E --name N --role ROLE [--tenant SLUG] [--password P]   roles: admin supervisor agent dispatcher engineer',
  forwardable: true,
  async run({ database, io }, args) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        tenant: { type: 'string' },
        password: { type: 'string' },
      },
    });
    if (positionals[0] !== 'create' || !values.email || !values.name || !values.role) {
      throw new UsageError('usage: loopdesk user create --email E --name N --role ROLE [--tenant SLUG] [--password P]');
    }
    if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const ctx = { db: database.db, clock: systemClock };
    const tenant = values.tenant ? await tenantsRepo.bySlug(ctx.db, values.tenant) : await tenantsRepo.first(ctx.db);
    if (!tenant) {
      io.err('No such tenant\n');
      return 1;
    }
    const user = await createUser(ctx, {
      tenantId: tenant.id,
      email: values.email,
      name: values.name,
      role: values.role as Role,
      password: values.password ?? null,
    });
    io.out(`user ${user.email} ${user.id} (${user.role}) in tenant ${tenant.slug}\n`);
    if (!values.password) io.out('no password set: the user can use API tokens only until an admin sets one\n');
    return 0;
  },
};
