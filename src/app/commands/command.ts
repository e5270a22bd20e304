import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log/logger.ts';

export type CommandIo = { out(text: string): void; err(text: string): void };
export type CommandRuntime = { config: Config; database: Database; logger: Logger; io: CommandIo };
export type Command = {
  usage: string;
  /** Whether a running server may run it on the CLI's behalf (PGlite admits one process). */
  forwardable: boolean;
  run(runtime: CommandRuntime, args: string[]): Promise<number>;
};

export class UsageError extends Error {
  override name = 'UsageError';
}
