// Typed readers of query parameters. itty-router hands a repeated parameter over as an array, and numbers
// arrive as arbitrary text; each reader accepts exactly one well-formed value (or its absence) and throws a
// 400 naming the parameter otherwise, so nothing malformed reaches an actor or SQLite.

import type { IRequest } from 'itty-router';
import { HttpError } from './http';

/** A query value is at most this long; no parameter of the API needs more (ids are 21 digits, names 40). */
export const MAX_QUERY_VALUE_CHARS = 200;

const WHOLE_NUMBER = /^-?\d{1,16}$/;

/** The single value of `name`, or null when absent. */
export function stringParam(request: IRequest, name: string, options: { pattern?: RegExp; description?: string } = {}): string | null {
  const value: unknown = request.query[name];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new HttpError(400, `${name}: give it once`, name);
  if (value.length > MAX_QUERY_VALUE_CHARS) throw new HttpError(400, `${name}: at most ${MAX_QUERY_VALUE_CHARS} characters`, name);
  if (options.pattern && !options.pattern.test(value)) throw new HttpError(400, `${name}: must be ${options.description ?? `like ${options.pattern}`}`, name);
  return value;
}

/** A whole number from `min` to `max`; `fallback` when absent. */
export function intParam(request: IRequest, name: string, options: { min: number; max: number; fallback: number }): number;
export function intParam(request: IRequest, name: string, options: { min: number; max: number }): number | null;
export function intParam(request: IRequest, name: string, options: { min: number; max: number; fallback?: number }): number | null {
  const description = `a whole number from ${options.min} to ${options.max}`;
  const text = stringParam(request, name, { pattern: WHOLE_NUMBER, description });
  if (text === null) return options.fallback ?? null;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < options.min || value > options.max) throw new HttpError(400, `${name}: must be ${description}`, name);
  return value;
}
