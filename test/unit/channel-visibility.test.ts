// Which channels count as visible to every member (for live monitoring), from Discord's permission overwrites.

import { ChannelType, GatewayDispatchEvents, OverwriteType, PermissionFlagsBits, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { guildEventOf } from '../../src/gateway/guild-events';
import { visibleToEveryone } from '../../src/guild/channel-visibility';
import { answersInChannel, keepsChannelContext } from '../../src/guild/conversation-store';

const GUILD = '300000000000009001';
const VIEW = String(PermissionFlagsBits.ViewChannel);
const bot = { appKey: 'shared', applicationId: null, botUserId: '100000000000000001' };

describe('visibleToEveryone', () => {
  it.each([
    ['no overwrites', [], true],
    ['@everyone denied VIEW_CHANNEL', [{ id: GUILD, type: OverwriteType.Role, allow: '0', deny: VIEW }], false],
    ['@everyone denied VIEW_CHANNEL among others', [{ id: GUILD, type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages) }], false],
    ['@everyone denied only sending', [{ id: GUILD, type: OverwriteType.Role, allow: '0', deny: String(PermissionFlagsBits.SendMessages) }], true],
    ['another role denied VIEW_CHANNEL', [{ id: '300000000000009002', type: OverwriteType.Role, allow: '0', deny: VIEW }], true],
    ['a member overwrite with the guild id', [{ id: GUILD, type: OverwriteType.Member, allow: '0', deny: VIEW }], true],
    ['a malformed deny', [{ id: GUILD, type: OverwriteType.Role, allow: '0', deny: 'lots' }], false],
  ])('%s → %s', (_name, overwrites, expected) => {
    expect(visibleToEveryone(GUILD, overwrites)).toBe(expected);
  });

  it('is unknown (null) without overwrites in the payload', () => {
    expect(visibleToEveryone(GUILD, undefined)).toBeNull();
  });
});

describe('channel events', () => {
  const channel = (deny: string) => ({
    id: '300000000000009010',
    type: ChannelType.GuildText,
    guild_id: GUILD,
    name: 'staff',
    position: 0,
    permission_overwrites: [{ id: GUILD, type: OverwriteType.Role, allow: '0', deny }],
  });
  const dispatch = (t: GatewayDispatchEvents, d: unknown) => ({ op: 0, t, d, s: 7 }) as unknown as GatewayDispatchPayload;

  it.each([
    [GatewayDispatchEvents.ChannelCreate, VIEW, false],
    [GatewayDispatchEvents.ChannelUpdate, '0', true],
    [GatewayDispatchEvents.ChannelDelete, '0', null],
  ])('%s reports visibility %s', (t, deny, expected) => {
    const routed = guildEventOf(dispatch(t, channel(deny)), bot, 'session');
    expect(routed).toMatchObject({ guildId: GUILD, event: { kind: 'channel', channelId: '300000000000009010', public: expected, eventId: 'channel:300000000000009001:session:7' } });
  });
});

describe('what each channel keeps', () => {
  const settings = { responseMode: 'all' as const, channelAwareness: true, channels: ['1'] };
  it('keeps the channel buffer only for channel awareness in channels Herald answers in', () => {
    expect(keepsChannelContext(settings, '1')).toBe(true);
    expect(keepsChannelContext(settings, '2')).toBe(false);
    expect(keepsChannelContext({ ...settings, channels: [] }, '2')).toBe(true);
    expect(keepsChannelContext({ ...settings, channelAwareness: false }, '1')).toBe(false);
    expect(keepsChannelContext({ ...settings, responseMode: 'mention' }, '1')).toBe(false);
  });

  it('answers in every channel when none are listed', () => {
    expect(answersInChannel({ channels: [] }, '9')).toBe(true);
    expect(answersInChannel({ channels: ['1'] }, '9')).toBe(false);
  });
});
