import { describe, expect, it } from 'vitest';
import { routeKey } from '../../src/discord/route-key';

const CHANNEL_1 = '111111111111111111';
const CHANNEL_2 = '222222222222222222';
const GUILD = '333333333333333333';
const MESSAGE_1 = '444444444444444444';
const MESSAGE_2 = '555555555555555555';
const USER = '666666666666666666';
const WEBHOOK = '777777777777777777';
const INTERACTION = '888888888888888888';
const ROLE = '999999999999999999';

describe('routeKey', () => {
  it.each<[string, string, string]>([
    // Major parameters are kept.
    ['GET', `/channels/${CHANNEL_1}`, `GET /channels/${CHANNEL_1}`],
    ['POST', `/channels/${CHANNEL_1}/messages`, `POST /channels/${CHANNEL_1}/messages`],
    ['GET', `/guilds/${GUILD}`, `GET /guilds/${GUILD}`],
    ['GET', `/guilds/${GUILD}/channels`, `GET /guilds/${GUILD}/channels`],
    // Other ids are folded.
    ['PATCH', `/channels/${CHANNEL_1}/messages/${MESSAGE_1}`, `PATCH /channels/${CHANNEL_1}/messages/:id`],
    ['DELETE', `/channels/${CHANNEL_1}/messages/${MESSAGE_1}`, `DELETE /channels/${CHANNEL_1}/messages/:id`],
    ['PATCH', `/guilds/${GUILD}/members/${USER}`, `PATCH /guilds/${GUILD}/members/:id`],
    ['PUT', `/guilds/${GUILD}/bans/${USER}`, `PUT /guilds/${GUILD}/bans/:id`],
    ['PUT', `/guilds/${GUILD}/members/${USER}/roles/${ROLE}`, `PUT /guilds/${GUILD}/members/:id/roles/:id`],
    ['GET', `/users/${USER}`, 'GET /users/:id'],
    ['GET', '/users/@me', 'GET /users/@me'],
    ['PUT', `/applications/${USER}/commands`, 'PUT /applications/:id/commands'],
    ['POST', '/users/@me/channels', 'POST /users/@me/channels'],
    // Webhook id and token are both major.
    ['POST', `/webhooks/${WEBHOOK}/aW50ZXJhY3Rpb246dG9rZW4`, `POST /webhooks/${WEBHOOK}/aW50ZXJhY3Rpb246dG9rZW4`],
    [
      'PATCH',
      `/webhooks/${WEBHOOK}/aW50ZXJhY3Rpb246dG9rZW4/messages/@original`,
      `PATCH /webhooks/${WEBHOOK}/aW50ZXJhY3Rpb246dG9rZW4/messages/@original`,
    ],
    [
      'PATCH',
      `/webhooks/${WEBHOOK}/aW50ZXJhY3Rpb246dG9rZW4/messages/${MESSAGE_1}`,
      `PATCH /webhooks/${WEBHOOK}/aW50ZXJhY3Rpb246dG9rZW4/messages/:id`,
    ],
    // Interaction callbacks: id and token folded.
    ['POST', `/interactions/${INTERACTION}/aW50ZXJhY3Rpb246dG9rZW4/callback`, `POST /interactions/${INTERACTION}/:token/callback`],
    // The query string is not part of the route.
    ['GET', `/channels/${CHANNEL_1}/messages?limit=50&before=${MESSAGE_1}`, `GET /channels/${CHANNEL_1}/messages`],
    ['GET', `/guilds/${GUILD}/members?limit=1000`, `GET /guilds/${GUILD}/members`],
  ])('%s %s → %s', (method, path, expected) => {
    expect(routeKey(method, path)).toBe(expected);
  });

  it('gives two channels different keys', () => {
    expect(routeKey('POST', `/channels/${CHANNEL_1}/messages`)).not.toBe(routeKey('POST', `/channels/${CHANNEL_2}/messages`));
  });

  it('gives two guilds different keys', () => {
    expect(routeKey('GET', `/guilds/${GUILD}/members/${USER}`)).not.toBe(routeKey('GET', `/guilds/${CHANNEL_1}/members/${USER}`));
  });

  it('gives two webhooks (or two tokens of one webhook) different keys', () => {
    const a = routeKey('POST', `/webhooks/${WEBHOOK}/tokenA`);
    expect(a).not.toBe(routeKey('POST', `/webhooks/${INTERACTION}/tokenA`));
    expect(a).not.toBe(routeKey('POST', `/webhooks/${WEBHOOK}/tokenB`));
  });

  it('gives two messages in one channel the same key', () => {
    expect(routeKey('PATCH', `/channels/${CHANNEL_1}/messages/${MESSAGE_1}`)).toBe(
      routeKey('PATCH', `/channels/${CHANNEL_1}/messages/${MESSAGE_2}`),
    );
    expect(routeKey('DELETE', `/channels/${CHANNEL_1}/messages/${MESSAGE_1}`)).toBe(
      routeKey('DELETE', `/channels/${CHANNEL_1}/messages/${MESSAGE_2}`),
    );
  });

  it('gives two members of one guild the same key', () => {
    expect(routeKey('PATCH', `/guilds/${GUILD}/members/${USER}`)).toBe(routeKey('PATCH', `/guilds/${GUILD}/members/${MESSAGE_1}`));
  });

  it('gives two interactions different keys, so one slow callback never delays another past its 3 s deadline', () => {
    expect(routeKey('POST', `/interactions/${INTERACTION}/tokenA/callback`)).not.toBe(
      routeKey('POST', `/interactions/${MESSAGE_1}/tokenB/callback`),
    );
  });

  it('includes the method', () => {
    const path = `/channels/${CHANNEL_1}/messages/${MESSAGE_1}`;
    const keys = (['GET', 'PATCH', 'DELETE'] as const).map((method) => routeKey(method, path));
    expect(new Set(keys).size).toBe(3);
    for (const [index, method] of ['GET', 'PATCH', 'DELETE'].entries()) expect(keys[index]!.startsWith(`${method} `)).toBe(true);
  });

  it('ignores the query when comparing', () => {
    expect(routeKey('GET', `/channels/${CHANNEL_1}/messages?limit=1`)).toBe(routeKey('GET', `/channels/${CHANNEL_1}/messages?limit=100`));
  });

  it('never puts an interaction token in the key', () => {
    const key = routeKey('POST', `/interactions/${INTERACTION}/secret-token-value/callback`);
    expect(key).not.toContain('secret-token-value');
  });
});
