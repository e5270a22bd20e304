import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, cli, freshEnv, startServer, stop } from '../support/processes.ts';

afterAll(cleanUp);

describe('loopdesk command line', () => {
  it('token create bootstraps an empty data dir and prints only the token on stdout', () => {
    const env = freshEnv();
    const result = cli(['token', 'create', '--email', 'admin@example.com'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ldk_[\w-]{43}\n$/);
    expect(result.stderr).toContain('First start: created tenant');
    expect(result.stderr).toMatch(/Admin password \(shown once\): \S{12,}/);
    const unknown = cli(['token', 'create', '--email', 'nobody@example.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
  });

  it('first start prints the URL and the login, and a token made while the server runs works at once', async () => {
    const env = freshEnv({ LOOPDESK_ADMIN_PASSWORD: 'first-start-pw' });
    const server = await startServer(env);
    expect(server.output()).toContain('First start: created tenant "Default" and admin admin@example.com');
    expect(server.output()).toContain('Admin password: the value of LOOPDESK_ADMIN_PASSWORD');
    const token = cli(['token', 'create', '--email', 'admin@example.com'], env);
    expect(token.code).toBe(0);
    const response = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    expect(response.status).toBe(200);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'first-start-pw' }),
    });
    expect(login.status).toBe(200);
    const users = cli(
      [
        'user',
        'create',
        '--email',
        'li@example.com',
        '--name',
        '李工',
        '--role',
        'engineer',
        '--password',
        'engineer-pw-1',
      ],
      env,
    );
    expect(users.stdout).toContain('li@example.com');
    expect(await stop(server.child)).toBe(0);
    if (!env.DATABASE_URL) expect(existsSync(join(env.DATA_DIR as string, 'loopdesk.lock'))).toBe(false);
  });

  it('refuses a bad setting with a clear message and a non-zero exit', () => {
    const env = freshEnv({ PORT: 'eighty' });
    const result = cli(['start'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number');
  });

  it('creates tenants and users', () => {
    const env = freshEnv();
    const tenant = cli(
      ['tenant', 'create', '--name', 'Acme 维修', '--slug', 'acme', '--admin-email', 'boss@acme.example.com'],
      env,
    );
    expect(tenant.code).toBe(0);
    expect(tenant.stdout).toMatch(/tenant acme [0-9a-f-]{36}/);
    expect(tenant.stdout).toMatch(/password \S+/);
    const user = cli(
      ['user', 'create', '--tenant', 'acme', '--email', 'a@acme.example.com', '--name', '小王', '--role', 'agent'],
      env,
    );
    expect(user.code).toBe(0);
    const badRole = cli(
      ['user', 'create', '--tenant', 'acme', '--email', 'b@acme.example.com', '--name', 'x', '--role', 'king'],
      env,
    );
    expect(badRole.code).toBe(2);
    const token = cli(['token', 'create', '--email', 'a@acme.example.com', '--tenant', 'acme'], env);
    expect(token.stdout).toMatch(/^ldk_/);
  });

  it('exports a tenant as JSON lines and imports it elsewhere without losing anything', () => {
    const source = freshEnv();
    expect(
      cli(['tenant', 'create', '--name', 'Moved', '--slug', 'moved', '--admin-email', 'm@example.com'], source).code,
    ).toBe(0);
    expect(cli(['seed-demo', '--tickets', '12', '--tenant', 'moved'], source).code).toBe(0);
    const exportedDefault = join(source.DATA_DIR as string, 'default.jsonl');
    const exported = join(source.DATA_DIR as string, 'moved.jsonl');
    expect(cli(['export', '--out', exportedDefault], source).code).toBe(0);
    expect(cli(['export', '--tenant', 'moved', '--out', exported], source).code).toBe(0);

    const target = freshEnv();
    const clash = cli(['import', '--file', exportedDefault], target);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('already exists');
    expect(cli(['tenant', 'list'], target).stdout.trim().split('\n')).toHaveLength(1);

    expect(cli(['import', '--file', exported], target).code).toBe(0);
    const again = join(target.DATA_DIR as string, 'again.jsonl');
    expect(cli(['export', '--tenant', 'moved', '--out', again], target).code).toBe(0);
    const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').sort();
    const before = lines(exported);
    expect(before.length).toBeGreaterThan(100);
    expect(before.some((line) => line.includes('"table":"ticket_events"'))).toBe(true);
    expect(lines(again)).toEqual(before);
  });

  it('backs up the database and the files, and restores them to that moment', () => {
    const env = freshEnv();
    if (env.DATABASE_URL && spawnSync('pg_dump', ['--version']).status !== 0) return;
    expect(
      cli(['user', 'create', '--email', 'before@example.com', '--name', 'Before', '--role', 'agent'], env).code,
    ).toBe(0);
    const out = join(env.DATA_DIR as string, 'backup-1');
    expect(cli(['backup', '--out', out], env).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(existsSync(join(out, manifest.databaseFile))).toBe(true);
    expect(
      cli(['user', 'create', '--email', 'after@example.com', '--name', 'After', '--role', 'agent'], env).code,
    ).toBe(0);
    if (!env.DATABASE_URL) expect(cli(['restore', '--from', out], env).code).toBe(2); // refuses to overwrite without --force
    const restored = cli(['restore', '--from', out, '--force'], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(cli(['token', 'create', '--email', 'before@example.com'], env).code).toBe(0);
    expect(cli(['token', 'create', '--email', 'after@example.com'], env).code).toBe(1);
  });
});
