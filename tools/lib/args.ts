import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Positive integer from a flag, or the fallback. */
export function intFlag(value: string | boolean | undefined, fallback: number, name: string): number {
  if (value === undefined || value === false) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${String(value)})`);
  return n;
}

export function parseFlags(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values as Record<
    string,
    string | boolean | undefined
  >;
}
