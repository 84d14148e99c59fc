// Checking a custom bot calls Discord with a caller's token, so a guild gets CUSTOM_BOT_CHECKS_PER_WINDOW
// checks a minute; past that a PATCH that needs one answers 429, while other settings still save.

import { describe, expect, it } from 'vitest';
import { CUSTOM_BOT_CHECKS_PER_WINDOW } from '../../src/custom-bot/checks';
import { api, calls, CUSTOM_BOT } from './support';

const GUILD = '300000000000000075';
const path = `/api/guilds/${GUILD}/settings`;

function attempt(n: number): Promise<Response> {
  const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: 'a'.repeat(64), botToken: `not-a-real-token-${n}` };
  return api(path, { method: 'PATCH', body: { customBot } });
}

describe('custom bot checks', () => {
  it(`allow ${CUSTOM_BOT_CHECKS_PER_WINDOW} a minute per guild, then answer 429 without calling Discord`, async () => {
    for (let n = 1; n <= CUSTOM_BOT_CHECKS_PER_WINDOW; n++) {
      const response = await attempt(n);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'customBot.botToken' });
    }
    const checksBefore = (await calls({ method: 'GET', path: '/applications/@me' })).length;

    const refused = await attempt(CUSTOM_BOT_CHECKS_PER_WINDOW + 1);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ field: 'customBot', error: expect.stringContaining('try again in') });
    expect((await calls({ method: 'GET', path: '/applications/@me' })).length).toBe(checksBefore);

    // Settings that need no check are not throttled.
    const other = await api(path, { method: 'PATCH', body: { responseMode: 'ask' } });
    expect(other.status).toBe(200);
  });
});
