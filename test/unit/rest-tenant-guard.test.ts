// The invalid-request guard keeps a per-tenant (guild) share: one guild's 403 storm stops that guild's calls
// while another guild on the same bot token keeps calling; the bot-wide stop still applies to everyone.

import { describe, expect, it } from 'vitest';
import { INVALID_REQUEST_TENANT_THRESHOLD, INVALID_REQUEST_WINDOW_MS, RateLimitedError } from '../../src/discord/rest';
import { json, restHarness } from './rest-harness';

const STORMY = '/channels/111111111111111111/messages';
const CALM = '/channels/222222222222222222/messages';

describe('invalid-request guard per tenant', () => {
  it("stops only the storming guild's calls, and lets it call again after the window", async () => {
    const respond = (url: string) => (url.includes('111111111111111111') ? json(403, { message: 'Missing Access', code: 50001 }) : json(200, { ok: true }));
    const stormy = restHarness(respond, { tenant: 'guild-a' });
    // A second client on the same token and fetcher (same isolate) for another guild.
    const calm = { rest: stormy.sibling({ tenant: 'guild-b' }) };

    for (let i = 0; i < INVALID_REQUEST_TENANT_THRESHOLD; i++) await expect(stormy.rest.post(STORMY, { body: {} })).rejects.toMatchObject({ status: 403 });
    const fetched = stormy.urls.length;

    const refused = await stormy.rest.post(STORMY, { body: {} }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    expect(stormy.urls.length).toBe(fetched);

    // The other guild is not stopped, and the bot-wide count saw every one of them.
    await expect(calm.rest.post(CALM, { body: {} })).resolves.toEqual({ ok: true });
    expect(stormy.rest.invalidRequestCount).toBe(INVALID_REQUEST_TENANT_THRESHOLD);
    expect(calm.rest.tenantInvalidRequestCount).toBe(0);

    stormy.advance(INVALID_REQUEST_WINDOW_MS + 1);
    expect(stormy.rest.tenantInvalidRequestCount).toBe(0);
    await expect(stormy.rest.post(CALM, { body: {} })).resolves.toEqual({ ok: true });
  });
});

