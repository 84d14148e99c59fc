// Follow-up webhook routes carry the interaction token, so every `/ask` is a new route: a long-lived client
// must not remember them all. Its route/bucket map stays within MAX_TRACKED_ROUTES.

import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_ROUTES } from '../../src/discord/rest';
import { json, restHarness } from './rest-harness';

const HEADERS = { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset-after': '60' };

describe('REST route bound', () => {
  it('keeps at most MAX_TRACKED_ROUTES routes across many follow-up webhooks', async () => {
    let n = 0;
    const h = restHarness(() => json(200, {}, { ...HEADERS, 'x-ratelimit-bucket': `hash-${n++}` }), { token: null });
    for (let i = 0; i < MAX_TRACKED_ROUTES * 2; i++) await h.rest.post(`/webhooks/123456789012345678/token-${i}`, { body: {} });
    expect(h.rest.trackedRoutes).toBeGreaterThan(0);
    expect(h.rest.trackedRoutes).toBeLessThanOrEqual(MAX_TRACKED_ROUTES);
  });
});
