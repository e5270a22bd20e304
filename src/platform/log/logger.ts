import pino from 'pino';
import type { Config } from '../config/config.ts';

export type Logger = pino.Logger;

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'loopdesk' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options, pino.destination(2));
}
