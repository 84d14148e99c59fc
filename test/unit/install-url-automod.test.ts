// The install link asks for Manage Server only when the AutoMod bridge is on (it manages AutoMod rules).

import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { permissionsFor } from '../../src/discord/install-url';

describe('install permissions for the AutoMod bridge', () => {
  it('adds Manage Server with automod, and only then', () => {
    expect(permissionsFor({ moderation: true, automod: true }) & PermissionFlagsBits.ManageGuild).toBe(PermissionFlagsBits.ManageGuild);
    expect(permissionsFor({ moderation: true }) & PermissionFlagsBits.ManageGuild).toBe(0n);
    expect(permissionsFor({ moderation: false, automod: true }) & PermissionFlagsBits.ManageGuild).toBe(0n);
  });
});
