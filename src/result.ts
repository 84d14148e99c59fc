// The one result type of actor calls: a value, or a refusal the Worker answers as-is (HTTP status, message,
// and the field at fault when there is one). Parsers that only validate keep their own { field, error } shape.

export type Result<T> = { ok: true; value: T } | { ok: false; status: number; error: string; field?: string };
