// A DiscordRest wired to a scripted fetcher, a fake clock and a fake sleep (advances the clock by each wait),
// for the REST client's unit tests that each cover one behaviour.

import { DiscordRest, type RestOptions } from '../../src/discord/rest';

export const API = 'https://discord.test/api/v10';
export const TOKEN = 'MTIz.test.token';

export type Respond = (url: string, init: RequestInit | undefined) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function restHarness(respond: Respond, options: Partial<RestOptions> = {}) {
  let clock = 1_700_000_000_000;
  const urls: string[] = [];
  const sleeps: number[] = [];
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    urls.push(String(input));
    return respond(String(input), init);
  };
  const base: RestOptions = {
    apiBase: API,
    token: TOKEN,
    fetcher: fetcher as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
  };
  const rest = new DiscordRest({ ...base, ...options });
  return {
    rest,
    /** Another client on the same token, fetcher and clock (as another guild actor in the same isolate). */
    sibling: (extra: Partial<RestOptions>) => new DiscordRest({ ...base, ...extra }),
    urls,
    sleeps,
    advance(ms: number) {
      clock += ms;
    },
  };
}
