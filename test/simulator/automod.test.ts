// The simulator's AutoMod, as Discord behaves: rules CRUD needs Manage Server (50013), Discord's validation
// and limits (keywords per rule, keyword and regex length, rules per trigger type, block message length),
// keyword wildcards (`*w*` anywhere, `w*` prefix, `*w` suffix, else whole word; case-insensitive), and a
// blocked member message never exists: /_sim/messages reports the block, no MESSAGE_CREATE goes out, and
// AUTO_MODERATION_ACTION_EXECUTION reaches a session with the intent.

import { GatewayIntentBits, GatewayOpcodes as Op, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordMatch } from '../../scripts/discord-simulator/automod.js';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json, RawGateway } from './helpers.js';

const INTENTS = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent | GatewayIntentBits.AutoModerationExecution;
const KEYWORD_RULE = (name: string, keyword_filter: string[]) => ({ name, event_type: 1, trigger_type: 1, trigger_metadata: { keyword_filter }, actions: [{ type: 1, metadata: { custom_message: 'no' } }] });

describe('keywordMatch', () => {
  it.each<[string, string, boolean]>([
    ['cat', 'the CAT sat', true],
    ['cat', 'catch this', false],
    ['cat*', 'catch this', true],
    ['cat*', 'wildcat', false],
    ['*cat', 'wildcat', true],
    ['*cat', 'catch', false],
    ['*cat*', 'locations', true],
    ['free nitro', 'get FREE NITRO now', true],
    ['free nitro', 'free nitrogen', false],
  ])('%j in %j: %s', (keyword, content, matches) => {
    expect(keywordMatch(content, keyword) !== null).toBe(matches);
  });
});

describe('AutoMod rules and blocking', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let channelId: string;
  let rulesUrl: string;
  const sockets: RawGateway[] = [];

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 2000 });
    guild = sim.addGuild({ name: 'automod guild' });
    channelId = guild.channels[0]!.id;
    rulesUrl = `${sim.apiBase}/guilds/${guild.id}/auto-moderation/rules`;
  });
  afterAll(async () => {
    for (const gw of sockets) gw.ws.terminate();
    await sim.close();
  });

  function grantManageGuild(): void {
    const botMember = sim.state().guilds.find((g) => g.id === guild.id)!.members.find((m) => m.user.id === DEFAULT_BOT.userId)!;
    const roleId = botMember.roles[0]!;
    const role = sim.state().guilds.find((g) => g.id === guild.id)!.roles.find((r) => r.id === roleId)!;
    sim.editRole(guild.id, roleId, { permissions: String(BigInt(role.permissions) | PermissionFlagsBits.ManageGuild) });
  }

  it('refuses a bot without Manage Server (50013)', async () => {
    const listed = await json<{ code: number }>(rulesUrl, { token: DEFAULT_BOT.token });
    expect(listed.status).toBe(403);
    expect(listed.body.code).toBe(50013);
  });

  it('validates like Discord: keyword length and count, regex length, block message length, rules per type', async () => {
    grantManageGuild();
    const tooLong = await json(rulesUrl, { token: DEFAULT_BOT.token, body: KEYWORD_RULE('long', ['x'.repeat(61)]) });
    expect(tooLong.status).toBe(400);
    const tooMany = await json(rulesUrl, { token: DEFAULT_BOT.token, body: KEYWORD_RULE('many', Array.from({ length: 1001 }, (_, i) => `w${i}`)) });
    expect(tooMany.status).toBe(400);
    const regex = await json(rulesUrl, { token: DEFAULT_BOT.token, body: { ...KEYWORD_RULE('regex', []), trigger_metadata: { regex_patterns: ['a'.repeat(261)] } } });
    expect(regex.status).toBe(400);
    const message = await json(rulesUrl, { token: DEFAULT_BOT.token, body: { ...KEYWORD_RULE('msg', ['a']), actions: [{ type: 1, metadata: { custom_message: 'm'.repeat(151) } }] } });
    expect(message.status).toBe(400);
    for (let i = 0; i < 6; i += 1) expect((await json(rulesUrl, { token: DEFAULT_BOT.token, body: KEYWORD_RULE(`rule ${i}`, [`word${i}`]) })).status).toBe(200);
    const seventh = await json(rulesUrl, { token: DEFAULT_BOT.token, body: KEYWORD_RULE('rule 7', ['word7']) });
    expect(seventh.status).toBe(400);
    const mention = await json(rulesUrl, { token: DEFAULT_BOT.token, body: { name: 'mentions', event_type: 1, trigger_type: 5, trigger_metadata: { mention_total_limit: 51 }, actions: [{ type: 1 }] } });
    expect(mention.status).toBe(400);
  });

  it('PATCH changes a rule; DELETE removes it (10066 afterwards)', async () => {
    const rules = (await json<{ id: string; name: string }[]>(rulesUrl, { token: DEFAULT_BOT.token })).body;
    const first = rules[0]!;
    const patched = await json<{ trigger_metadata: { keyword_filter: string[] } }>(`${rulesUrl}/${first.id}`, { method: 'PATCH', token: DEFAULT_BOT.token, body: { trigger_metadata: { keyword_filter: ['*spam*'] } } });
    expect(patched.body.trigger_metadata.keyword_filter).toEqual(['*spam*']);
    for (const rule of rules.slice(1)) expect((await json(`${rulesUrl}/${rule.id}`, { method: 'DELETE', token: DEFAULT_BOT.token })).status).toBe(204);
    const gone = await json<{ code: number }>(`${rulesUrl}/${rules[1]!.id}`, { token: DEFAULT_BOT.token });
    expect(gone.body.code).toBe(10066);
  });

  it('blocks a matching member message: it never exists, no MESSAGE_CREATE, the execution is dispatched', async () => {
    const gw = await RawGateway.open(sim.gatewayUrl + '?v=10&encoding=json');
    sockets.push(gw);
    await gw.op(Op.Hello);
    gw.identify(DEFAULT_BOT.token, INTENTS);
    await gw.dispatch('READY');
    const response = await json<{ blocked: boolean; ruleId: string; matchedKeyword: string }>(`${sim.url}/_sim/messages`, {
      body: { guildId: guild.id, channelId, author: { id: '200000000000000031', username: 'spammer' }, content: 'buy SPAMMY things' },
    });
    expect(response.body).toMatchObject({ blocked: true, matchedKeyword: '*spam*' });
    const execution = await gw.dispatch('AUTO_MODERATION_ACTION_EXECUTION');
    expect(execution.d).toMatchObject({ guild_id: guild.id, rule_id: response.body.ruleId, user_id: '200000000000000031', content: 'buy SPAMMY things', action: { type: 1 } });
    expect(sim.messages(channelId).some((m) => m.content.includes('SPAMMY'))).toBe(false);

    sim.memberSays({ guildId: guild.id, channelId, author: { id: '200000000000000031', username: 'spammer' }, content: 'a clean message' });
    const created = await gw.dispatch('MESSAGE_CREATE');
    expect((created.d as { content: string }).content).toBe('a clean message');
  });
});
