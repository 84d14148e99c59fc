// Malformed query parameters answer 400 naming the parameter (they used to reach SQLite and answer 500):
// fractions, out-of-range numbers, text where a number goes, and a parameter given twice.

import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, TEST_ADMIN_TOKEN } from './support';

const GUILD = '300000000000000071';

async function expectBadParam(response: Response, field: string): Promise<void> {
  expect(response.status).toBe(400);
  const body = await response.json<{ error: string; field: string }>();
  expect(body.field).toBe(field);
  expect(body.error).toContain(field);
}

describe('query parameters', () => {
  it.each(['limit=2.5', 'limit=0', 'limit=201', 'limit=abc', 'limit=', 'limit=1e2', 'limit=1&limit=2'])('moderation-log ?%s is a 400 naming limit', async (query) => {
    await expectBadParam(await api(`/api/guilds/${GUILD}/moderation-log?${query}`), 'limit');
  });

  it.each(['before=x', 'before=1.5', 'before=-3', 'before=99999999999999999999', 'before=1&before=2'])('moderation-log ?%s is a 400 naming before', async (query) => {
    await expectBadParam(await api(`/api/guilds/${GUILD}/moderation-log?${query}`), 'before');
  });

  it('moderation-log takes a well-formed limit and before', async () => {
    const response = await api(`/api/guilds/${GUILD}/moderation-log?limit=5&before=10`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ entries: [] });
  });

  it('gateway status refuses applicationId given twice', async () => {
    await expectBadParam(await api('/api/gateway/status?applicationId=100000000000000999&applicationId=100000000000000998'), 'applicationId');
  });

  it('install refuses a guildId that is not an id', async () => {
    await expectBadParam(await api('/api/install?guildId=not-an-id'), 'guildId');
  });

  it('live refuses a name given twice', async () => {
    const response = await SELF.fetch(`http://herald.test/api/guilds/${GUILD}/live?name=a&name=b`, {
      headers: { Upgrade: 'websocket', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    await expectBadParam(response, 'name');
  });

  it('reverse refuses an entry id that is not a whole number', async () => {
    await expectBadParam(await api(`/api/guilds/${GUILD}/moderation-log/1.5/reverse`, { method: 'POST' }), 'id');
  });
});
