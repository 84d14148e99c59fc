// What each principal may open (src/api/auth.ts authorize): agents get live, its tickets and conversations;
// a live ticket opens only its guild's live socket.

import { describe, expect, it } from 'vitest';
import { authorize, type Principal } from '../../src/api/auth';

const GUILD = '123456789012345678';
const OTHER = '876543210987654321';
const agent: Principal = { kind: 'guild', guildId: GUILD, role: 'agent', tokenId: '0123456789abcdef' };
const admin: Principal = { kind: 'guild', guildId: GUILD, role: 'admin', tokenId: '0123456789abcdef' };
const ticket: Principal = { kind: 'ticket', guildId: GUILD, ticket: 'a'.repeat(32) };

describe('authorize', () => {
  it.each<[string, Principal, string, string, 403 | null]>([
    ['agent opens live', agent, 'GET', `/api/guilds/${GUILD}/live`, null],
    ['agent asks for a live ticket', agent, 'POST', `/api/guilds/${GUILD}/live/ticket`, null],
    ['agent reads conversations', agent, 'GET', `/api/guilds/${GUILD}/conversations`, null],
    ['agent may not list tokens', agent, 'GET', `/api/guilds/${GUILD}/tokens`, 403],
    ['agent may not revoke tokens', agent, 'DELETE', `/api/guilds/${GUILD}/tokens/0123456789abcdef`, 403],
    ["agent may not ask for another guild's ticket", agent, 'POST', `/api/guilds/${OTHER}/live/ticket`, 403],
    ['admin lists tokens', admin, 'GET', `/api/guilds/${GUILD}/tokens`, null],
    ['admin revokes tokens', admin, 'DELETE', `/api/guilds/${GUILD}/tokens/0123456789abcdef`, null],
    ['ticket opens live', ticket, 'GET', `/api/guilds/${GUILD}/live`, null],
    ["ticket may not open another guild's live", ticket, 'GET', `/api/guilds/${OTHER}/live`, 403],
    ['ticket may not read conversations', ticket, 'GET', `/api/guilds/${GUILD}/conversations`, 403],
    ['ticket may not get another ticket', ticket, 'POST', `/api/guilds/${GUILD}/live/ticket`, 403],
  ])('%s', (_label, principal, method, path, expected) => {
    expect(authorize(principal, method, path)).toBe(expected);
  });
});
