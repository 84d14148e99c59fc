// One list of what each feature needs: the install link asks for it, the doctor checks it.
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { permissionNeeds, permissionsFor } from '../../src/discord/install-url';

const ANSWERING = P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.ReadMessageHistory | P.EmbedLinks;

describe('permissionNeeds', () => {
  it('adds thread, forum, ticket and AutoMod permissions only for those features', () => {
    expect(permissionsFor({ moderation: false, autoThread: true })).toBe(ANSWERING | P.CreatePublicThreads);
    expect(permissionsFor({ moderation: false, forums: true })).toBe(ANSWERING | P.ManageThreads);
    expect(permissionsFor({ moderation: false, tickets: true })).toBe(ANSWERING | P.CreatePrivateThreads);
    // AutoMod belongs to moderation: off with it.
    expect(permissionsFor({ moderation: false, automod: true })).toBe(ANSWERING);
    const none = { delete: false, warn: false, timeout: false, kick: false, ban: false };
    expect(permissionsFor({ moderation: true, actions: none, automod: true })).toBe(ANSWERING | P.ManageGuild);
  });

  it('lists each permission once, named as Discord names it, with its feature', () => {
    const needs = permissionNeeds({ moderation: true, autoThread: true, forums: true, tickets: true, automod: true });
    expect(new Set(needs.map((n) => n.permission)).size).toBe(needs.length);
    expect(needs.find((n) => n.permission === P.ModerateMembers)).toEqual({ permission: P.ModerateMembers, name: 'Timeout Members', feature: 'moderation: timeout' });
    expect(needs.every((n) => n.name.length > 0 && n.feature.length > 0)).toBe(true);
  });
});
