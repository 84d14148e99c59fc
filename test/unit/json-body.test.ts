// readJsonBody's bounds: depth is checked on the text (strings do not count), item counts and string sizes
// right after parsing, each refusal a 400 naming where.

import { describe, expect, it } from 'vitest';
import { HttpError, MAX_JSON_DEPTH, MAX_JSON_ITEMS, readJsonBody } from '../../src/api/http';

function post(body: string): Request {
  return new Request('http://herald.test/', { method: 'POST', body });
}

async function refusal(body: string, bounds = {}): Promise<HttpError> {
  const error = await readJsonBody(post(body), bounds).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('readJsonBody', () => {
  it('refuses nesting deeper than MAX_JSON_DEPTH', async () => {
    const error = await refusal('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect([error.status, error.field]).toEqual([400, 'body']);
  });

  it('accepts MAX_JSON_DEPTH levels, and brackets inside strings do not count', async () => {
    const deep = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    await expect(readJsonBody(post(deep))).resolves.toBeDefined();
    await expect(readJsonBody(post(JSON.stringify({ text: '[[[[{{{{\\"'.repeat(100) })))).resolves.toEqual({ text: '[[[[{{{{\\"'.repeat(100) });
  });

  it('refuses a list longer than MAX_JSON_ITEMS, naming it', async () => {
    const error = await refusal(JSON.stringify({ a: { b: Array<number>(MAX_JSON_ITEMS + 1).fill(0) } }));
    expect([error.status, error.field]).toEqual([400, 'a.b']);
  });

  it('refuses an object with more than MAX_JSON_ITEMS keys', async () => {
    const error = await refusal(JSON.stringify(Object.fromEntries(Array.from({ length: MAX_JSON_ITEMS + 1 }, (_, i) => [`k${i}`, i]))));
    expect([error.status, error.field]).toEqual([400, 'body']);
  });

  it('refuses a string over maxStringChars, naming it', async () => {
    const error = await refusal(JSON.stringify({ list: ['ok', 'x'.repeat(11)] }), { maxStringChars: 10 });
    expect([error.status, error.field]).toEqual([400, 'list[1]']);
  });

  it('answers 413 past the byte limit and 400 for invalid JSON', async () => {
    expect((await refusal('"' + 'x'.repeat(100) + '"', { limit: 50 })).status).toBe(413);
    expect((await refusal('{nope')).field).toBe('body');
  });
});
