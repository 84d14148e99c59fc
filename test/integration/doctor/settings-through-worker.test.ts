// The doctor reads each server's settings through the worker's admin API and checks the bot's permissions
// against the features they enable (and in the channels they name), on the real path: worker, actor, simulator.
import { SELF } from 'cloudflare:test';
import type { APIRole } from 'discord-api-types/v10';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, inject, it } from 'vitest';
import { runDoctor, type DoctorConfig } from '../../../scripts/doctor/run';
import { permissionsFor } from '../../../src/discord/install-url';
import { api, createGuild, sim, TEST_ADMIN_TOKEN, TEST_BOT } from '../support';

const WORKER = 'http://herald.test';
// The worker is SELF; Discord is the simulator.
const fetcher: typeof fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  return url.startsWith(WORKER) ? SELF.fetch(url, init) : fetch(input, init);
};

function config(guildId: string, adminToken: string | null = TEST_ADMIN_TOKEN): DoctorConfig {
  return {
    apiBase: inject('simulatorApiBase'),
    token: TEST_BOT.token,
    applicationId: TEST_BOT.applicationId,
    publicKey: inject('simulatorPublicKey'),
    workerUrl: WORKER,
    adminToken,
    guildIds: [guildId],
    maxGuilds: 100,
  };
}

describe('doctor with the worker', () => {
  it('checks a server against its enabled moderation actions and the channels its settings name', async () => {
    const guild = await createGuild('doctor settings', ['general', 'support']);
    const { roles } = await sim<{ roles: APIRole[] }>(`/_sim/guilds/${guild.id}`);
    const botRole = roles.find((r) => r.tags?.bot_id === TEST_BOT.userId)!;
    // Installed for the default settings (answering, forums on); then the owner turns on delete and ban.
    await sim(`/_sim/guilds/${guild.id}/roles/${botRole.id}`, { method: 'PATCH', body: { permissions: permissionsFor({ moderation: false, forums: true }).toString() } });
    await sim(`/_sim/guilds/${guild.id}/roles/${guild.id}`, { method: 'PATCH', body: { permissions: String(P.ViewChannel) } });
    const support = guild.channels[1]!;
    await sim(`/_sim/channels/${support.id}/overwrites/${botRole.id}`, { method: 'PUT', body: { type: 0, allow: '0', deny: String(P.SendMessages) } });
    const patched = await api(`/api/guilds/${guild.id}/settings`, {
      method: 'PATCH',
      body: { channels: [support.id], moderation: { enabled: true, actions: { delete: true, warn: false, timeout: false, kick: false, ban: true } } },
    });
    expect(patched.status).toBe(200);

    const findings = await runDoctor(config(guild.id), fetcher);
    const failed = findings.filter((f) => f.severity === 'fail' && f.check.startsWith('server'));
    expect(failed.map((f) => f.message)).toEqual([
      'the bot lacks Manage Messages (moderation: delete), Ban Members (moderation: ban)',
      'in this answering channel the bot lacks Send Messages',
    ]);
    expect(findings.find((f) => f.check === 'worker')).toMatchObject({ severity: 'ok' });
  });

  it('says so when the worker refuses the admin token, and checks answering only', async () => {
    const guild = await createGuild('doctor wrong admin token');
    const { roles } = await sim<{ roles: APIRole[] }>(`/_sim/guilds/${guild.id}`);
    const botRole = roles.find((r) => r.tags?.bot_id === TEST_BOT.userId)!;
    await sim(`/_sim/guilds/${guild.id}/roles/${botRole.id}`, { method: 'PATCH', body: { permissions: permissionsFor({ moderation: false }).toString() } });
    const findings = await runDoctor(config(guild.id, 'not-the-admin-token'), fetcher);
    expect(findings.find((f) => f.check === 'worker' && f.severity === 'fail')?.message).toBe('the worker refuses the admin token (401): settings not read');
    expect(findings.find((f) => f.check === `server doctor wrong admin token (${guild.id})`)).toMatchObject({
      severity: 'ok',
      message: 'the bot has every permission answering needs (settings not read: give --worker and --admin-token to check the enabled features too)',
    });
  });
});
