// What the server's PostgreSQL sessions are doing, sampled every 50 ms per stage: the average number
// of sessions per state and wait event (`active Lock:transactionid` = waiting for a row lock; a lock wait also names the statement).
import pg from 'pg';

export type WaitProfile = Record<string, { samples: number; avgSessions: Record<string, number> }>;

export async function startWaitSampler(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const stages = new Map<string, { samples: number; totals: Map<string, number> }>();
  const at: { stage: { samples: number; totals: Map<string, number> } | null } = { stage: null };
  let running = true;
  let pids: number[] = [];
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const { rows } = await client.query<{ key: string; n: number }>(
        `select state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'CPU')
                || case when wait_event_type = 'Lock' then ' ← ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60) else '' end as key,
                count(*)::int as n
           from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and state <> 'idle'
          group by 1`,
      );
      const backends = await client.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'",
      );
      pids = backends.rows.map((row) => row.pid);
      const current = at.stage;
      if (current) {
        current.samples++;
        for (const row of rows) current.totals.set(row.key, (current.totals.get(row.key) ?? 0) + row.n);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (Date.now() - started))));
    }
  })();
  return {
    /** This run's backends (the server's pool and this sampler), for CPU accounting. */
    pids: () => pids,
    stage(name: string) {
      at.stage = { samples: 0, totals: new Map() };
      stages.set(name, at.stage);
    },
    async stop(): Promise<WaitProfile> {
      running = false;
      await loop;
      await client.end();
      const profile: WaitProfile = {};
      for (const [name, stage] of stages) {
        const avgSessions: Record<string, number> = {};
        for (const [key, total] of [...stage.totals].sort((a, b) => b[1] - a[1]))
          avgSessions[key] = Math.round((total / Math.max(1, stage.samples)) * 100) / 100;
        profile[name] = { samples: stage.samples, avgSessions };
      }
      return profile;
    },
  };
}
