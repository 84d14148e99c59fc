// A settings PATCH with deep nesting, a huge list, a huge string or a huge body fails fast with a JSON 400
// (413 for the size) naming the field, and changes nothing.

import { describe, expect, it } from 'vitest';
import { api } from './support';

const GUILD = '300000000000000073';
const path = `/api/guilds/${GUILD}/settings`;

function deepJson(levels: number): string {
  return `{"moderation":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
}

describe('settings PATCH body bounds', () => {
  it.each([
    ['10,000 levels of nesting', deepJson(10_000), 400, 'body'],
    ['a 100,000-item list', JSON.stringify({ channels: Array<number>(100_000).fill(1) }), 400, 'channels'],
    ['a 20,000-character rules text', JSON.stringify({ moderation: { rules: 'x'.repeat(20_000) } }), 400, 'moderation.rules'],
    ['a 500,000-item list (over the body size)', `{"channels":[${Array<string>(500_000).fill('1').join(',')}]}`, 413, null],
  ])('refuses %s', async (_what, rawBody, status, field) => {
    const before = await (await api(path)).text();
    const response = await api(path, { method: 'PATCH', rawBody });
    expect(response.status).toBe(status);
    const body = await response.json<{ error: string; field?: string }>();
    expect(body.error).toEqual(expect.any(String));
    if (field) expect(body.field).toBe(field);
    expect(await (await api(path)).text()).toBe(before);
  });
});
