// A 429 (or an exhausted bucket) that asks for a longer wait than the caller sits out is not waited in place:
// the client throws a RateLimitedError carrying retryAfterMs, so the caller can park the work and free its slot.

import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../src/discord/rest';
import { json, restHarness } from './rest-harness';

const MESSAGES = '/channels/111111111111111111/messages';

describe('RateLimitedError', () => {
  it('a 429 longer than maxWaitMs throws at once with retryAfterMs, without sleeping', async () => {
    const h = restHarness(() => json(429, { message: 'You are being rate limited.', retry_after: 4.5, global: false }), { maxWaitMs: 1_000 });
    const error = await h.rest.post(MESSAGES, { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).status).toBe(429);
    expect((error as RateLimitedError).retryAfterMs).toBe(4_500);
    expect(h.sleeps).toEqual([]);
    expect(h.urls).toHaveLength(1);
  });

  it('a per-request maxWaitMs overrides the client one', async () => {
    const h = restHarness(() => json(429, { message: 'You are being rate limited.', retry_after: 2, global: false }), { maxWaitMs: 30_000 });
    const error = await h.rest.post(MESSAGES, { body: {}, maxWaitMs: 500 }).catch((e: unknown) => e);
    expect((error as RateLimitedError).retryAfterMs).toBe(2_000);
    expect(h.sleeps).toEqual([]);
  });

  it('an exhausted bucket whose reset is further than maxWaitMs throws before calling', async () => {
    const exhausted = { 'x-ratelimit-bucket': 'b1', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '7' };
    const h = restHarness(() => json(200, {}, exhausted), { maxWaitMs: 1_000 });
    await h.rest.get(MESSAGES);
    const error = await h.rest.get(MESSAGES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7_000);
    expect(h.urls).toHaveLength(1);
  });
});
