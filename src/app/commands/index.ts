import { AppError } from '../../platform/errors/app-error.ts';
import { backupCommand } from './backup.ts';
import type { Command, CommandRuntime } from './command.ts';
import { UsageError } from './command.ts';
import { exportCommand, importCommand } from './export-import.ts';
import { migrateCommand } from './migrate.ts';
import { RESTORE_USAGE } from './restore.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { SOLVE_USAGE } from './solve.ts';
import { tenantCommand, userCommand } from './tenant.ts';
import { tokenCommand } from './token.ts';

export const COMMANDS: Record<string, Command> = {
  migrate: migrateCommand,
  'seed-demo': seedDemoCommand,
  token: tokenCommand,
  tenant: tenantCommand,
  user: userCommand,
  export: exportCommand,
  import: importCommand,
  backup: backupCommand,
};

export function helpText(): string {
  const lines = ['usage: loopdesk <command> [options]', '', '  start   run the server (npm start)'];
  lines.push(`  ${RESTORE_USAGE}`, `  ${SOLVE_USAGE}`);
  for (const [name, command] of Object.entries(COMMANDS))
    lines.push(
      `  ${name.padEnd(8)}${command.usage.startsWith(name) ? command.usage.slice(name.length) : ` ${command.usage}`}`,
    );
  return `${lines.join('\n')}\n`;
}

/** Runs one command against an open database; errors become a message and exit code, never a stack. */
export async function runCommand(
  args: string[],
  runtime: CommandRuntime,
  options: { forwarded?: boolean } = {},
): Promise<number> {
  const [name, ...rest] = args;
  const command = name ? COMMANDS[name] : undefined;
  if (!command || (options.forwarded && !command.forwardable)) {
    runtime.io.err(name ? `unknown command: ${name}\n${helpText()}` : helpText());
    return 2;
  }
  try {
    return await command.run(runtime, rest);
  } catch (error) {
    if (error instanceof UsageError) {
      runtime.io.err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof AppError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      runtime.io.err(`${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
