// A gateway upgrade that never answers settles after its deadline (and is aborted), so the shard's
// `connecting` state always ends and the reconnect path runs.

import { describe, expect, it } from 'vitest';
import { upgradeWithTimeout } from '../../src/gateway/upgrade';

describe('gateway upgrade timeout', () => {
  it('rejects a hung upgrade after the timeout and aborts it', async () => {
    let aborted = false;
    const hung = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>(() => {
        init?.signal?.addEventListener('abort', () => {
          aborted = true;
        });
      })) as typeof fetch;
    await expect(upgradeWithTimeout('https://gateway.test/?v=10&encoding=json', 30, hung)).rejects.toThrow(/longer than 30 ms/);
    expect(aborted).toBe(true);
  });

  it('sends the upgrade header and returns the answer when it comes in time', async () => {
    let upgrade: string | null = null;
    const quick = ((_input: RequestInfo | URL, init?: RequestInit) => {
      upgrade = new Headers(init?.headers).get('upgrade');
      return Promise.resolve(new Response('no', { status: 400 }));
    }) as typeof fetch;
    const response = await upgradeWithTimeout('https://gateway.test/', 1_000, quick);
    expect(response.status).toBe(400);
    expect(upgrade).toBe('websocket');
  });
});
