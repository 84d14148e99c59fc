// The gateway edge: frames and dispatches are validated once; anything missing a field Herald relies on is
// refused with that field named, never passed on to throw later.

import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { guildEventOf, guildEventProblem } from '../../src/gateway/guild-events';
import { parseGatewayFrame, shardDispatchProblem } from '../../src/gateway/payloads';

const BOT = { appKey: 'shared', applicationId: '100000000000000001', botUserId: '100000000000000001' };
const GUILD = '300000000000000001';

const MESSAGE = {
  id: '400000000000000001',
  channel_id: '500000000000000001',
  guild_id: GUILD,
  author: { id: '200000000000000001', username: 'member' },
  content: 'hello',
  mentions: [],
  mention_roles: [],
  type: 0,
};

function dispatch(t: string, d: unknown): GatewayDispatchPayload {
  return { op: 0, t, s: 7, d } as unknown as GatewayDispatchPayload;
}

describe('parseGatewayFrame', () => {
  it.each([
    ['null', 'frame'],
    ['"junk"', 'frame'],
    ['[]', 'frame'],
    ['not json', 'frame'],
    ['{"d":1}', 'op'],
    ['{"op":"0"}', 'op'],
    ['{"op":42}', 'op'],
    ['{"op":10,"d":null}', 'd.heartbeat_interval'],
    ['{"op":10,"d":{"heartbeat_interval":-1}}', 'd.heartbeat_interval'],
    ['{"op":10,"d":{"heartbeat_interval":"x"}}', 'd.heartbeat_interval'],
    // JSON.parse reads 1e400 as Infinity: no timer can wait that long.
    ['{"op":10,"d":{"heartbeat_interval":1e400}}', 'd.heartbeat_interval'],
    ['{"op":9}', 'd'],
    ['{"op":0,"s":1,"d":{}}', 't'],
    ['{"op":0,"t":"MESSAGE_CREATE","s":"1","d":{}}', 's'],
    ['{"op":0,"t":"MESSAGE_CREATE","s":1,"d":[]}', 'd'],
  ])('refuses %s naming %s', (frame, field) => {
    const parsed = parseGatewayFrame(frame);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.field).toBe(field);
  });

  it.each([
    '{"op":10,"d":{"heartbeat_interval":41250}}',
    '{"op":11}',
    '{"op":1,"d":null}',
    '{"op":7,"d":null}',
    '{"op":9,"d":false}',
    '{"op":0,"t":"RESUMED","s":3,"d":null}',
    '{"op":0,"t":"MESSAGE_CREATE","s":3,"d":{}}',
  ])('accepts %s', (frame) => {
    expect(parseGatewayFrame(frame).ok).toBe(true);
    expect(parseGatewayFrame(new TextEncoder().encode(frame).buffer as ArrayBuffer).ok).toBe(true);
  });
});

describe('guildEventOf with malformed dispatches', () => {
  it.each([
    ['MESSAGE_CREATE', { ...MESSAGE, author: undefined }, 'd.author.id'],
    ['MESSAGE_CREATE', { ...MESSAGE, author: { username: 'x' } }, 'd.author.id'],
    ['MESSAGE_CREATE', { ...MESSAGE, author: { id: '200000000000000001' } }, 'd.author.username'],
    ['MESSAGE_CREATE', { ...MESSAGE, id: undefined }, 'd.id'],
    ['MESSAGE_CREATE', { ...MESSAGE, channel_id: 5 }, 'd.channel_id'],
    ['MESSAGE_CREATE', { ...MESSAGE, content: null }, 'd.content'],
    ['MESSAGE_CREATE', { ...MESSAGE, mentions: undefined }, 'd.mentions'],
    ['MESSAGE_CREATE', { ...MESSAGE, mentions: [null] }, 'd.mentions'],
    ['MESSAGE_CREATE', { ...MESSAGE, mention_roles: 'all' }, 'd.mention_roles'],
    ['MESSAGE_CREATE', { ...MESSAGE, member: { roles: null } }, 'd.member.roles'],
    ['MESSAGE_CREATE', { ...MESSAGE, guild_id: 12 }, 'd.guild_id'],
    ['MESSAGE_CREATE', null, 'd'],
    ['MESSAGE_UPDATE', { ...MESSAGE, edited_timestamp: '2026-01-01T00:00:00Z', author: null }, 'd.author.id'],
    ['MESSAGE_UPDATE', { ...MESSAGE, edited_timestamp: 5 }, 'd.edited_timestamp'],
    ['GUILD_CREATE', { id: GUILD, roles: [] }, 'd.owner_id'],
    ['GUILD_CREATE', { id: GUILD, owner_id: '200000000000000001' }, 'd.roles'],
    ['GUILD_UPDATE', { id: GUILD, owner_id: '200000000000000001', roles: [{ id: GUILD, permissions: 8 }] }, 'd.roles[0]'],
    ['GUILD_ROLE_CREATE', { role: { id: '600000000000000001', permissions: '8' } }, 'd.guild_id'],
    ['GUILD_ROLE_UPDATE', { guild_id: GUILD, role: { id: '600000000000000001' } }, 'd.role.permissions'],
    ['GUILD_ROLE_DELETE', { guild_id: GUILD }, 'd.role_id'],
  ])('%s %j is malformed at %s', (t, d, field) => {
    expect(guildEventOf(dispatch(t, d), BOT, 'session')).toEqual({ malformed: field });
  });

  it('routes a well-formed message to its guild', () => {
    const routed = guildEventOf(dispatch(GatewayDispatchEvents.MessageCreate, MESSAGE), BOT, 'session');
    expect(routed).toMatchObject({ guildId: GUILD, event: { kind: 'message_create', eventId: `message_create:shared:${MESSAGE.id}` } });
  });

  it('hands the actor only the message fields it reads (MemberMessage), not Discord’s whole payload', () => {
    const full = {
      ...MESSAGE,
      author: { id: '200000000000000001', username: 'member', global_name: 'Member', avatar: 'a1', discriminator: '0', bot: false },
      member: { roles: ['600000000000000001'], nick: 'Nick', joined_at: '2026-01-01T00:00:00.000Z', avatar: null, deaf: false, mute: false },
      mentions: [{ id: '100000000000000001', username: 'herald', avatar: null, member: { roles: [], joined_at: '2026-01-01T00:00:00.000Z' } }],
      mention_roles: ['600000000000000002'],
      webhook_id: null,
      embeds: [{ title: 'big' }],
      attachments: [{ id: '1', filename: 'a.png' }],
      components: [],
      tts: false,
      timestamp: '2026-11-29T00:00:00.000Z',
      edited_timestamp: null,
    };
    const routed = guildEventOf(dispatch(GatewayDispatchEvents.MessageCreate, full), BOT, 'session');
    expect(routed && 'event' in routed && routed.event.kind === 'message_create' ? routed.event.message : null).toEqual({
      id: MESSAGE.id,
      channel_id: MESSAGE.channel_id,
      guild_id: GUILD,
      content: 'hello',
      type: 0,
      mention_roles: ['600000000000000002'],
      edited_timestamp: null,
      author: { id: '200000000000000001', username: 'member', global_name: 'Member', bot: false },
      member: { roles: ['600000000000000001'], nick: 'Nick' },
      mentions: [{ id: '100000000000000001' }],
    });
  });

  it('skips an unavailable guild and a direct message without calling them malformed', () => {
    expect(guildEventOf(dispatch(GatewayDispatchEvents.GuildCreate, { id: GUILD, unavailable: true }), BOT, 'session')).toBeNull();
    expect(guildEventOf(dispatch(GatewayDispatchEvents.MessageCreate, { ...MESSAGE, guild_id: undefined }), BOT, 'session')).toBeNull();
  });
});

describe('shardDispatchProblem', () => {
  it.each([
    ['READY', null, 'd'],
    ['READY', { session_id: 's', resume_gateway_url: 'wss://x', user: {}, application: { id: '1' }, guilds: [] }, 'd.user.id'],
    ['READY', { session_id: 's', resume_gateway_url: 'wss://x', user: { id: '1' }, application: { id: '1' }, guilds: [{}] }, 'd.guilds'],
    ['GUILD_CREATE', {}, 'd.id'],
    ['GUILD_DELETE', { unavailable: true }, 'd.id'],
  ])('%s %j is malformed at %s', (t, d, field) => {
    expect(shardDispatchProblem({ t, d })).toBe(field);
  });
});

describe('guildEventProblem (the guild actor’s own check)', () => {
  const good = { kind: 'message_create', eventId: 'message_create:shared:1', bot: BOT, message: MESSAGE };

  it('accepts a well-formed event', () => {
    expect(guildEventProblem(good)).toBeNull();
  });

  it.each([
    [null, 'event'],
    [{ ...good, eventId: '' }, 'eventId'],
    [{ ...good, bot: null }, 'bot'],
    [{ ...good, kind: 5 }, 'kind'],
    [{ ...good, message: { ...MESSAGE, author: undefined } }, 'message.author.id'],
    [{ kind: 'guild_state', eventId: 'g', bot: BOT, ownerId: '1', roles: [{ id: '1' }] }, 'roles'],
    [{ kind: 'role', eventId: 'r', bot: BOT, roleId: '1', permissions: 8 }, 'permissions'],
  ])('%j is refused at %s', (event, field) => {
    expect(guildEventProblem(event)).toBe(field);
  });
});
