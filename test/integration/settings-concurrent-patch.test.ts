// Two PATCHes at once, one of them waiting on Discord to check a custom bot: both land. The slow one used to
// write back the settings as they were before it waited, undoing the other.

import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { api, calls, clearFaults, CUSTOM_BOT, restFault, waitFor } from './support';

const GUILD = '300000000000000074';
const path = `/api/guilds/${GUILD}/settings`;

describe('a settings PATCH that waits on Discord', () => {
  afterAll(async () => {
    await clearFaults();
    await api(path, { method: 'PATCH', body: { customBot: null } });
  });

  it('does not undo a PATCH that landed while it waited', async () => {
    const since = (await calls()).at(-1)?.id ?? 0;
    // Discord makes the custom-bot check wait a second (one 429 with retry_after 1).
    await restFault({ method: 'GET', path: '/applications/@me', status: 429, retryAfter: 1, count: 1 });
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token };
    const slow = api(path, { method: 'PATCH', body: { customBot } });
    await waitFor(
      async () => (await calls({ method: 'GET', path: '/applications/@me' })).some((call) => call.id > since && call.status === 429),
      'the custom-bot check to be rate limited',
    );

    const fast = await api(path, { method: 'PATCH', body: { responseMode: 'all', moderation: { enabled: true } } });
    expect(fast.status).toBe(200);
    expect((await slow).status).toBe(200);

    const settings = await (await api(path)).json<{ responseMode: string; moderation: { enabled: boolean }; customBot: { applicationId: string } | null }>();
    expect(settings.responseMode).toBe('all');
    expect(settings.moderation.enabled).toBe(true);
    expect(settings.customBot?.applicationId).toBe(CUSTOM_BOT.applicationId);
  });
});
