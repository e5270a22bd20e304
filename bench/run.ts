// Benchmarks: `npm run bench -- <scenario> [options]`. Never part of `npm test`.
import { runApiScenario } from './api/index.ts';
import { parseBenchArgs, USAGE } from './lib/args.ts';
import { runMatchingScenario } from './matching.ts';
import { runSlaScenario } from './sla.ts';
import { runSolomonScenario } from './solomon.ts';

const SCENARIOS: Record<string, (argv: string[]) => Promise<void>> = {
  api: async (argv) => runApiScenario(parseBenchArgs(argv)),
  solomon: runSolomonScenario,
  sla: runSlaScenario,
  matching: runMatchingScenario,
};

const [scenario, ...rest] = process.argv.slice(2);
const run = scenario ? SCENARIOS[scenario] : undefined;
if (!run) {
  process.stderr.write(`unknown scenario: ${scenario ?? '(none)'}\n${USAGE}`);
  process.exit(2);
}
try {
  await run(rest);
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
