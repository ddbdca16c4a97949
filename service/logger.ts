import pino, { type Logger } from 'pino';

/** Structured JSON logs. The CLI writes them to stderr so stdout stays for results. */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino({ level, base: { service: 'kensaku' } }, pino.destination({ fd: destination, sync: false }));
}
