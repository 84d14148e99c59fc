// The doctor's pure checks: permissions from roles and overwrites, features from settings, intents from flags.
import { ApplicationFlags, GatewayIntentBits, OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  askCommandFinding,
  channelPermissions,
  exitCodeOf,
  featuresOf,
  guildPermissionFinding,
  guildPermissions,
  hierarchyFinding,
  intentFindings,
  interactionsEndpointFinding,
} from '../../scripts/doctor/checks';
import { permissionsFor } from '../../src/discord/install-url';

const GUILD = '300000000000000000';
const BOT = '100000000000000001';
const ROLE = '400000000000000001';
const guild = (everyone: bigint, role: bigint, owner = '999999999999999999') => ({
  id: GUILD,
  owner_id: owner,
  roles: [
    { id: GUILD, permissions: everyone.toString() },
    { id: ROLE, permissions: role.toString() },
  ],
});
const bot = { userId: BOT, roles: [ROLE] };

describe('guildPermissions', () => {
  it('adds @everyone and the member’s roles, not others', () => {
    expect(guildPermissions(guild(P.ViewChannel, P.SendMessages), bot)).toBe(P.ViewChannel | P.SendMessages);
    expect(guildPermissions(guild(P.ViewChannel, P.SendMessages), { userId: BOT, roles: [] })).toBe(P.ViewChannel);
  });

  it('gives the owner and Administrator every permission', () => {
    expect(guildPermissions(guild(0n, 0n, BOT), bot)).toBe(ALL_PERMISSIONS);
    expect(guildPermissions(guild(0n, P.Administrator), bot)).toBe(ALL_PERMISSIONS);
  });
});

describe('channelPermissions', () => {
  const base = P.ViewChannel | P.SendMessages;
  it('applies @everyone, then roles, then the member, and nothing without View Channel', () => {
    const denyEveryone = { id: GUILD, type: OverwriteType.Role, allow: '0', deny: P.SendMessages.toString() } as const;
    const allowRole = { id: ROLE, type: OverwriteType.Role, allow: P.SendMessages.toString(), deny: '0' } as const;
    const denyMember = { id: BOT, type: OverwriteType.Member, allow: '0', deny: P.ViewChannel.toString() } as const;
    expect(channelPermissions(GUILD, base, [denyEveryone], bot)).toBe(P.ViewChannel);
    expect(channelPermissions(GUILD, base, [denyEveryone, allowRole], bot)).toBe(base);
    expect(channelPermissions(GUILD, base, [allowRole, denyMember], bot)).toBe(0n);
    expect(channelPermissions(GUILD, ALL_PERMISSIONS, [denyMember], bot)).toBe(ALL_PERMISSIONS);
  });
});

describe('featuresOf', () => {
  it('reads what settings enable, later settings included, and nothing from junk', () => {
    const settings = { moderation: { enabled: true, automod: true, actions: { delete: true, warn: false, timeout: false, kick: false, ban: true } }, autoThread: true, forums: { enabled: true }, tickets: { enabled: true } };
    expect(featuresOf(settings)).toEqual({
      moderation: true,
      actions: { delete: true, warn: false, timeout: false, kick: false, ban: true },
      autoThread: true,
      forums: true,
      automod: true,
      tickets: true,
    });
    expect(permissionsFor(featuresOf(null))).toBe(permissionsFor({ moderation: false }));
    expect(featuresOf('junk').moderation).toBe(false);
  });
});

describe('guildPermissionFinding', () => {
  it('names each missing permission with the feature that needs it', () => {
    const features = { moderation: true, actions: { delete: false, warn: false, timeout: true, kick: false, ban: true } };
    const have = permissionsFor({ moderation: false }) | P.ModerateMembers;
    const finding = guildPermissionFinding({ id: GUILD, name: 'g' }, have, features, true);
    expect(finding).toMatchObject({ severity: 'fail', message: 'the bot lacks Ban Members (moderation: ban)' });
    expect(guildPermissionFinding({ id: GUILD, name: 'g' }, have | P.BanMembers, features, true).severity).toBe('ok');
  });
});

describe('intentFindings', () => {
  const content = GatewayIntentBits.MessageContent | GatewayIntentBits.Guilds;
  it('fails without the flag, passes with either flag, warns about the limited one past 100 servers', () => {
    expect(intentFindings(content, 0, 1).map((f) => f.severity)).toEqual(['fail']);
    expect(intentFindings(content, ApplicationFlags.GatewayMessageContent, 5_000).map((f) => f.severity)).toEqual(['ok']);
    expect(intentFindings(content, ApplicationFlags.GatewayMessageContentLimited, 99).map((f) => f.severity)).toEqual(['ok']);
    expect(intentFindings(content, ApplicationFlags.GatewayMessageContentLimited, 100).map((f) => f.severity)).toEqual(['warn']);
    // Intents Herald does not ask for are not checked.
    expect(intentFindings(GatewayIntentBits.Guilds, 0, 1)).toEqual([]);
  });
});

describe('interactionsEndpointFinding', () => {
  it('fails when unset, warns when it points elsewhere than the worker', () => {
    expect(interactionsEndpointFinding(null, null).severity).toBe('fail');
    expect(interactionsEndpointFinding('https://a.example/discord/interactions', 'https://a.example/').severity).toBe('ok');
    expect(interactionsEndpointFinding('https://b.example/discord/interactions', 'https://a.example').severity).toBe('warn');
  });
});

describe('askCommandFinding and exitCodeOf', () => {
  it('accepts /ask globally or in every server, and fails otherwise', () => {
    expect(askCommandFinding(true, 0, []).severity).toBe('ok');
    expect(askCommandFinding(false, 2, []).severity).toBe('ok');
    expect(askCommandFinding(false, 0, []).severity).toBe('fail');
    expect(askCommandFinding(false, 2, [GUILD]).severity).toBe('fail');
  });

  it('exits 1 only when something failed', () => {
    expect(exitCodeOf([{ check: 'a', severity: 'ok', message: '' }, { check: 'b', severity: 'warn', message: '' }])).toBe(0);
    expect(exitCodeOf([{ check: 'a', severity: 'fail', message: '' }])).toBe(1);
  });
});

describe('hierarchyFinding', () => {
  const roles = [
    { id: GUILD, name: '@everyone', position: 0, managed: false },
    { id: '400000000000000002', name: 'Member', position: 1, managed: false },
    { id: ROLE, name: 'Herald', position: 2, managed: true },
    { id: '400000000000000003', name: 'Moderators', position: 3, managed: false },
    { id: '400000000000000004', name: 'Other bot', position: 4, managed: true },
  ];
  const moderation = { moderation: true, actions: { delete: true, warn: false, timeout: true, kick: false, ban: false } };

  it('warns about member roles at or above the bot’s, not managed ones', () => {
    const finding = hierarchyFinding({ id: GUILD, name: 'g', roles }, [ROLE], moderation);
    expect(finding).toMatchObject({ severity: 'warn', message: "members with Moderators are at or above the bot's role: timeouts, kicks and bans on them fail" });
  });

  it('is fine with the bot on top, and silent when no member action is enabled', () => {
    const onTop = roles.map((r) => (r.id === ROLE ? { ...r, position: 9 } : r));
    expect(hierarchyFinding({ id: GUILD, name: 'g', roles: onTop }, [ROLE], moderation)?.severity).toBe('ok');
    expect(hierarchyFinding({ id: GUILD, name: 'g', roles }, [ROLE], { moderation: true, actions: { ...moderation.actions, timeout: false } })).toBeNull();
    expect(hierarchyFinding({ id: GUILD, name: 'g', roles }, [ROLE], { moderation: false })).toBeNull();
  });
});
