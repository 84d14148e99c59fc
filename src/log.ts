// One structured line per event, for `wrangler tail` and Workers observability: {"at":"Class.method",...}.

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export function log(at: string, fields: LogFields = {}): void {
  console.log(JSON.stringify({ at, ...fields }));
}

export function logError(at: string, error: unknown, fields: LogFields = {}): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ at, level: 'error', error: message, ...fields }));
}
