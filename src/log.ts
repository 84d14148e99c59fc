// One structured line per event, for `wrangler tail` and Workers observability: {"at":"Class.method",...}.
// A tag (`at`) names one place in the code: test/unit/log-tags.test.ts refuses a tag used twice.

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export function log(at: string, fields: LogFields = {}): void {
  console.log(JSON.stringify({ at, ...fields }));
}

/** An error line always carries a stack: the error's own, or (for a thrown non-Error) where it was logged. */
export function logError(at: string, error: unknown, fields: LogFields = {}): void {
  const message = error instanceof Error ? error.message : String(error);
  const stack = (error instanceof Error && error.stack) || new Error(message).stack;
  console.error(JSON.stringify({ at, level: 'error', error: message, stack, ...fields }));
}
