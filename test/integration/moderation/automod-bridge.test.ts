// The AutoMod bridge (moderation.automod): Herald mirrors its offline rules into Discord AutoMod rules it owns.
// Without Manage Server the sync fails and the preview says so; with it, a banned word is blocked before the
// message exists (the simulator never creates it), AutoMod's execution is logged with source "automod", and
// the alert lands in the review channel. Turning the bridge off removes Herald's rules and only those.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  api,
  createGuild,
  enableModeration,
  moderationLog,
  patchSettings,
  sim,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  type SimGuildInfo,
} from '../support';
import { channelMessages, PERMISSION } from './cards';

interface AutomodRuleJson {
  id: string;
  name: string;
  creator_id: string;
  trigger_type: number;
  trigger_metadata: { keyword_filter?: string[]; regex_patterns?: string[]; mention_total_limit?: number };
  actions: { type: number; metadata?: { custom_message?: string; channel_id?: string } }[];
}
interface AutomodStatusJson {
  enabled: boolean;
  rules: { id: string; name: string }[];
  notFitting: string[];
  problem: string | null;
}

const MEMBER = { id: '200000000000014401', username: 'automod-member' };
const RULES = 'No crypto scams. Banned words: crypto-scam, free-nitro\nno invites\nmax mentions: 5\nno links';

let guild: SimGuildInfo;
let reviewChannelId: string;

function discord(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${inject('simulatorApiBase')}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bot ${TEST_BOT.token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function automodStatus(): Promise<AutomodStatusJson | undefined> {
  const response = await api(`/api/guilds/${guild.id}/moderation/preview`, { body: {} });
  return (await response.json<{ automod?: AutomodStatusJson }>()).automod;
}

async function rulesOnDiscord(): Promise<AutomodRuleJson[]> {
  const response = await discord(`/guilds/${guild.id}/auto-moderation/rules`);
  expect(response.status).toBe(200);
  return response.json<AutomodRuleJson[]>();
}

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Moderation AutoMod Guild', ['general', 'mod-review']);
  reviewChannelId = guild.channels[1]!.id;
});
afterAll(stopGateway);

describe('the AutoMod bridge', () => {
  it('reports a missing Manage Server permission', async () => {
    await enableModeration(guild.id, { rules: RULES, automod: true, review: { enabled: false, channelId: reviewChannelId, from: 'kick' } });
    const status = await waitFor(async () => {
      const found = await automodStatus();
      return found?.problem ? found : null;
    }, 'the sync to report its problem');
    expect(status.problem).toContain('Manage Server');
    expect(status.rules).toEqual([]);
  });

  it('with Manage Server, mirrors the offline rules and says what does not fit', async () => {
    const snapshot = await sim<{ members: { user: { id: string }; roles: string[] }[] }>(`/_sim/guilds/${guild.id}`);
    const botRole = snapshot.members.find((m) => m.user.id === TEST_BOT.userId)!.roles[0]!;
    const current = (await sim<{ roles: { id: string; permissions: string }[] }>(`/_sim/guilds/${guild.id}`)).roles.find((r) => r.id === botRole)!;
    await sim(`/_sim/guilds/${guild.id}/roles/${botRole}`, { method: 'PATCH', body: { permissions: String(BigInt(current.permissions) | BigInt(PERMISSION.MANAGE_GUILD)) } });
    // The owner's own rule: Herald must leave it alone.
    const owners = await discord(`/guilds/${guild.id}/auto-moderation/rules`, {
      body: { name: 'No spoilers', event_type: 1, trigger_type: 1, trigger_metadata: { keyword_filter: ['spoiler*'] }, actions: [{ type: 1 }] },
    });
    expect(owners.status).toBe(200);

    await patchSettings(guild.id, { moderation: { automod: true } });
    const status = await waitFor(async () => {
      const found = await automodStatus();
      return found && found.problem === null && found.rules.length === 3 ? found : null;
    }, 'the sync to create Herald\'s rules');
    expect(status.rules.map((r) => r.name)).toEqual(['Herald: banned words', 'Herald: invites', 'Herald: mass mentions']);
    expect(status.notFitting.join('\n')).toContain('no links');
    expect(status.notFitting.join('\n')).toContain('disguised spellings');

    const onDiscord = await rulesOnDiscord();
    const words = onDiscord.find((r) => r.name === 'Herald: banned words')!;
    expect(words).toMatchObject({ creator_id: TEST_BOT.userId, trigger_type: 1, trigger_metadata: { keyword_filter: ['crypto-scam', 'free-nitro'] } });
    expect(words.actions.map((a) => a.type)).toEqual([1, 2]);
    expect(words.actions[1]!.metadata?.channel_id).toBe(reviewChannelId);
    expect((words.actions[0]!.metadata?.custom_message ?? '').length).toBeLessThanOrEqual(150);
    expect(onDiscord.find((r) => r.name === 'Herald: mass mentions')).toMatchObject({ trigger_type: 5, trigger_metadata: { mention_total_limit: 5 } });
  });

  it('blocks a message before it exists and logs the execution with source "automod"', async () => {
    const generalId = guild.channels[0]!.id;
    const said = await sim<{ blocked?: boolean; ruleId?: string; id?: string }>('/_sim/messages', {
      body: { guildId: guild.id, channelId: generalId, author: MEMBER, content: 'grab your FREE-NITRO here' },
    });
    const herald = (await rulesOnDiscord()).find((r) => r.name === 'Herald: banned words')!;
    expect(said).toMatchObject({ blocked: true, ruleId: herald.id });
    expect(said.id).toBeUndefined();
    expect((await channelMessages(generalId)).some((m) => m.content.includes('FREE-NITRO'))).toBe(false);

    const entry = await waitFor(async () => (await moderationLog(guild.id)).find((e) => e.source === 'automod' && e.userId === MEMBER.id), 'the AutoMod execution in the log');
    expect(entry).toMatchObject({ action: 'delete', outcome: 'done', rule: 'Herald: banned words', channelId: generalId, content: 'grab your FREE-NITRO here' });
    expect((await channelMessages(reviewChannelId)).some((m) => (m as { type?: number }).type === 24)).toBe(true);
  });

  it('turning it off removes Herald\'s rules and leaves the owner\'s own', async () => {
    await patchSettings(guild.id, { moderation: { automod: false } });
    const left = await waitFor(async () => {
      const rules = await rulesOnDiscord();
      return rules.every((r) => !r.name.startsWith('Herald: ')) ? rules : null;
    }, 'Herald\'s rules to be removed');
    expect(left.map((r) => r.name)).toEqual(['No spoilers']);
  });
});
