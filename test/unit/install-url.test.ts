import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { installUrl, permissionsFor } from '../../src/discord/install-url';

const APP = '100000000000000001';
const GUILD = '333333333333333333';

const BASE =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.ManageThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks;
const ALL_MODERATION =
  BASE | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.KickMembers | PermissionFlagsBits.BanMembers;
const NONE = { delete: false, warn: false, timeout: false, kick: false, ban: false };

describe('permissionsFor', () => {
  it('asks for what threads and forums need: sending in, creating public and private, and managing threads', () => {
    const threads = PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.CreatePrivateThreads | PermissionFlagsBits.ManageThreads;
    expect(permissionsFor({ moderation: false }) & threads).toBe(threads);
  });

  it('asks for reading and answering only without moderation', () => {
    expect(permissionsFor({ moderation: false })).toBe(BASE);
    // Actions don't count while moderation is off.
    expect(permissionsFor({ moderation: false, actions: { delete: true, warn: true, timeout: true, kick: true, ban: true } })).toBe(BASE);
  });

  it('adds every moderation permission when moderation is on without an action list', () => {
    expect(permissionsFor({ moderation: true })).toBe(ALL_MODERATION);
  });

  it('adds only the permissions of the enabled actions', () => {
    expect(permissionsFor({ moderation: true, actions: NONE })).toBe(BASE);
    expect(permissionsFor({ moderation: true, actions: { ...NONE, warn: true } })).toBe(BASE);
    expect(permissionsFor({ moderation: true, actions: { ...NONE, delete: true } })).toBe(BASE | PermissionFlagsBits.ManageMessages);
    expect(permissionsFor({ moderation: true, actions: { ...NONE, timeout: true } })).toBe(BASE | PermissionFlagsBits.ModerateMembers);
    expect(permissionsFor({ moderation: true, actions: { ...NONE, kick: true } })).toBe(BASE | PermissionFlagsBits.KickMembers);
    expect(permissionsFor({ moderation: true, actions: { ...NONE, ban: true } })).toBe(BASE | PermissionFlagsBits.BanMembers);
    expect(permissionsFor({ moderation: true, actions: { delete: true, warn: true, timeout: true, kick: false, ban: false } })).toBe(
      BASE | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ModerateMembers,
    );
  });

  it('never asks for Administrator', () => {
    expect(permissionsFor({ moderation: true }) & PermissionFlagsBits.Administrator).toBe(0n);
  });
});

describe('installUrl', () => {
  it('builds the bot + commands install link with decimal permissions', () => {
    expect(installUrl({ applicationId: APP, features: { moderation: false } })).toBe(
      `https://discord.com/oauth2/authorize?client_id=${APP}&scope=bot+applications.commands&permissions=${BASE.toString()}`,
    );
    // The known value, so a change to the base set is a deliberate one: 274877906944 + 65536 + 16384 + 2048 + 1024
    // + the thread permissions 68719476736 (create private) + 34359738368 (create public) + 17179869184 (manage).
    expect(BASE.toString()).toBe('395137076224');
  });

  it('includes moderation permissions', () => {
    const url = new URL(installUrl({ applicationId: APP, features: { moderation: true } }));
    expect(url.searchParams.get('permissions')).toBe(ALL_MODERATION.toString());
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.has('guild_id')).toBe(false);
  });

  it('preselects and locks a guild when one is given', () => {
    const features = { moderation: true, actions: { ...NONE, delete: true } };
    expect(installUrl({ applicationId: APP, features, guildId: GUILD })).toBe(
      `https://discord.com/oauth2/authorize?client_id=${APP}&scope=bot+applications.commands` +
        `&permissions=${(BASE | PermissionFlagsBits.ManageMessages).toString()}&guild_id=${GUILD}&disable_guild_select=true`,
    );
  });
});
