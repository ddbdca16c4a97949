/** A command line kensaku cannot run (bad flag, missing argument): main prints its one line and the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
