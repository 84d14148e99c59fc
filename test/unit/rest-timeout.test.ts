// Every fetch has a timeout: a request Discord never answers is aborted, retried like a network error, and
// finally fails with status 0 instead of hanging its caller (and the route's queue) forever.

import { describe, expect, it } from 'vitest';
import { DiscordApiError } from '../../src/discord/rest';
import { json, restHarness } from './rest-harness';

const MESSAGES = '/channels/111111111111111111/messages';

/** A server that never answers, except by honouring the abort signal. */
function hang(_url: string, init: RequestInit | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')));
  });
}

describe('REST timeout', () => {
  it('aborts a hung request after timeoutMs and fails with status 0 once retries are spent', async () => {
    const h = restHarness(hang, { timeoutMs: 50, maxRetries: 1 });
    const error = await h.rest.get(MESSAGES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordApiError);
    expect((error as DiscordApiError).status).toBe(0);
    expect(h.urls).toHaveLength(2);
  });

  it('the next request on the same route runs after the hung one timed out', async () => {
    let first = true;
    const h = restHarness(
      (url, init) => {
        if (first) {
          first = false;
          return hang(url, init);
        }
        return json(200, { ok: true });
      },
      { timeoutMs: 50, maxRetries: 0 },
    );
    const hung = h.rest.get(MESSAGES).catch(() => 'failed');
    await expect(h.rest.get(MESSAGES)).resolves.toEqual({ ok: true });
    expect(await hung).toBe('failed');
  });
});
