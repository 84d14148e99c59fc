// Gateway v10 lifecycle with a raw ws client: HELLO, heartbeats, IDENTIFY/READY, intents, RESUME replay, faults.
import { GatewayIntentBits as I, GatewayOpcodes as Op } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json, RawGateway, type Frame } from './helpers.js';

const INTENTS = I.Guilds | I.GuildMessages | I.MessageContent;

interface Ready {
  v: number;
  session_id: string;
  resume_gateway_url: string;
  user: { id: string; bot: boolean };
  guilds: { id: string; unavailable: boolean }[];
  shard?: [number, number];
}
interface MessageData {
  id: string;
  content: string;
  guild_id: string;
  member?: { roles: string[]; joined_at: string };
  mentions: { id: string }[];
  mention_everyone: boolean;
  author: { id: string; bot?: boolean };
}

describe('gateway protocol', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let channelId: string;
  const sockets: RawGateway[] = [];

  async function connect(query = '?v=10&encoding=json'): Promise<RawGateway> {
    const gw = await RawGateway.open(sim.gatewayUrl + query);
    sockets.push(gw);
    return gw;
  }

  async function session(intents = INTENTS, shard?: [number, number]): Promise<{ gw: RawGateway; ready: Ready; readyFrame: Frame }> {
    const gw = await connect();
    await gw.op(Op.Hello);
    gw.identify(DEFAULT_BOT.token, intents, shard);
    const readyFrame = await gw.dispatch('READY');
    return { gw, ready: readyFrame.d as Ready, readyFrame };
  }

  const say = (content: string, author = { id: '200000000000000009', username: 'bob' }) =>
    sim.memberSays({ guildId: guild.id, channelId, author, content });

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 2000 });
    guild = sim.addGuild({ id: (1000n << 22n).toString(), name: 'gateway guild' });
    channelId = guild.channels[0]?.id ?? '';
  });

  afterAll(async () => {
    for (const gw of sockets) gw.ws.terminate();
    await sim.close();
  });

  it('sends HELLO and acknowledges heartbeats, even before IDENTIFY', async () => {
    const gw = await connect();
    const hello = await gw.op(Op.Hello);
    expect(hello.d).toEqual({ heartbeat_interval: 2000 });
    gw.send({ op: Op.Heartbeat, d: null });
    expect((await gw.op(Op.HeartbeatAck)).op).toBe(Op.HeartbeatAck);
    await gw.close();
  });

  it('closes 4004 on a bad token, 4013 on invalid intents, 4012/4002 on a bad version/encoding', async () => {
    const bad = await connect();
    bad.identify('nope', INTENTS);
    expect((await bad.closed).code).toBe(4004);
    const badIntents = await connect();
    badIntents.send({ op: Op.Identify, d: { token: DEFAULT_BOT.token, intents: 'all', properties: {} } });
    expect((await badIntents.closed).code).toBe(4013);
    expect((await (await connect('?v=9&encoding=json')).closed).code).toBe(4012);
    expect((await (await connect('?v=10&encoding=etf')).closed).code).toBe(4002);
  });

  it('answers IDENTIFY with READY then GUILD_CREATE, with increasing seqs', async () => {
    const { gw, ready, readyFrame } = await session();
    expect(ready.v).toBe(10);
    expect(ready.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(ready.resume_gateway_url).toBe(sim.gatewayUrl);
    expect(ready.user).toMatchObject({ id: DEFAULT_BOT.userId, bot: true });
    expect(ready.guilds).toContainEqual({ id: guild.id, unavailable: true });
    const create = await gw.dispatch('GUILD_CREATE');
    const g = create.d as { id: string; unavailable: boolean; channels: { id: string; type: number }[]; members: { user: { id: string } }[]; roles: { id: string; name: string }[] };
    expect(g.id).toBe(guild.id);
    expect(g.unavailable).toBe(false);
    expect(g.channels).toContainEqual(expect.objectContaining({ id: channelId, type: 0 }));
    expect(g.members.map((m) => m.user.id)).toContain(DEFAULT_BOT.userId);
    expect(g.roles.find((r) => r.id === guild.id)?.name).toBe('@everyone');

    const sent = say(`hello <@${DEFAULT_BOT.userId}> @everyone`);
    const msg = await gw.dispatch('MESSAGE_CREATE');
    const d = msg.d as MessageData;
    expect(d).toMatchObject({ id: sent.id, guild_id: guild.id, content: `hello <@${DEFAULT_BOT.userId}> @everyone`, mention_everyone: true });
    expect(d.mentions.map((u) => u.id)).toEqual([DEFAULT_BOT.userId]);
    expect(d.member?.joined_at).toBeTruthy();
    expect(readyFrame.s).toBe(1);
    expect(create.s).toBe(2);
    expect(msg.s).toBe(3);
    await gw.close();
  });

  it('hides content without MESSAGE_CONTENT unless the bot is mentioned, and honours GUILD_MESSAGES', async () => {
    const noContent = await session(I.Guilds | I.GuildMessages);
    const noMessages = await session(I.Guilds);
    say('secret');
    expect(((await noContent.gw.dispatch('MESSAGE_CREATE')).d as MessageData).content).toBe('');
    say(`<@!${DEFAULT_BOT.userId}> visible`);
    expect(((await noContent.gw.dispatch('MESSAGE_CREATE')).d as MessageData).content).toBe(`<@!${DEFAULT_BOT.userId}> visible`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(noMessages.gw.pending().filter((f) => f.t === 'MESSAGE_CREATE')).toEqual([]);
    await noContent.gw.close();
    await noMessages.gw.close();
  });

  it('delivers only the guilds of the identified shard', async () => {
    const other = sim.addGuild({ id: (1001n << 22n).toString(), name: 'odd shard guild' });
    const shard0 = await session(INTENTS, [0, 2]);
    const shard1 = await session(INTENTS, [1, 2]);
    expect(shard0.ready.guilds.map((g) => g.id)).toContain(guild.id);
    expect(shard0.ready.guilds.map((g) => g.id)).not.toContain(other.id);
    expect(shard1.ready.guilds.map((g) => g.id)).toEqual([other.id]);
    expect(shard1.ready.shard).toEqual([1, 2]);
    await shard0.gw.close();
    await shard1.gw.close();
  });

  it('RESUME replays the events missed while disconnected, then RESUMED', async () => {
    const { gw, ready } = await session();
    for (const _ of ready.guilds) await gw.dispatch('GUILD_CREATE');
    const seq = sim.state().gateway.sessions.find((s) => s.id === ready.session_id)?.seq ?? -1;
    expect(seq).toBe(1 + ready.guilds.length);
    // 4000 keeps the session resumable (1000/1001 would end it).
    await gw.close(4000);
    const missed = [say('missed one'), say('missed two')];

    const again = await connect();
    await again.op(Op.Hello);
    again.send({ op: Op.Resume, d: { token: DEFAULT_BOT.token, session_id: ready.session_id, seq } });
    const first = await again.dispatch('MESSAGE_CREATE');
    const second = await again.dispatch('MESSAGE_CREATE');
    const resumed = await again.dispatch('RESUMED');
    expect([first.s, second.s, resumed.s]).toEqual([seq + 1, seq + 2, seq + 3]);
    expect([(first.d as MessageData).id, (second.d as MessageData).id]).toEqual(missed.map((m) => m.id));
    const info = sim.state().gateway.sessions.find((s) => s.id === ready.session_id);
    expect(info).toMatchObject({ connected: true, resumes: 1 });
    expect(info?.closes).toContainEqual(expect.objectContaining({ code: 4000, by: 'client' }));
    await again.close();
  });

  it('answers RESUME of an unknown or ended session with op 9 false', async () => {
    const gw = await connect();
    await gw.op(Op.Hello);
    gw.send({ op: Op.Resume, d: { token: DEFAULT_BOT.token, session_id: 'nope', seq: 0 } });
    expect((await gw.op(Op.InvalidSession)).d).toBe(false);

    const ended = await session();
    await ended.gw.close(1000);
    gw.send({ op: Op.Resume, d: { token: DEFAULT_BOT.token, session_id: ended.ready.session_id, seq: 1 } });
    expect((await gw.op(Op.InvalidSession)).d).toBe(false);
    await gw.close();
  });

  it('injects reconnect, invalid-session, request-heartbeat, stop-acks, close and drop faults', async () => {
    const { gw, ready } = await session();
    const fault = (body: object) => json<{ sessions: string[] }>(`${sim.url}/_sim/faults/gateway`, { body: { ...body, sessionId: ready.session_id } });

    expect((await fault({ action: 'reconnect' })).body.sessions).toEqual([ready.session_id]);
    expect((await gw.op(Op.Reconnect)).d).toBeNull();
    await fault({ action: 'request-heartbeat' });
    await gw.op(Op.Heartbeat);

    await fault({ action: 'stop-acks', value: true });
    gw.send({ op: Op.Heartbeat, d: 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gw.pending().filter((f) => f.op === Op.HeartbeatAck)).toEqual([]);
    await fault({ action: 'stop-acks', value: false });
    gw.send({ op: Op.Heartbeat, d: 1 });
    await gw.op(Op.HeartbeatAck);

    await fault({ action: 'invalid-session', resumable: true });
    expect((await gw.op(Op.InvalidSession)).d).toBe(true);
    // discord.js resumes on the same socket after op 9 true.
    gw.send({ op: Op.Resume, d: { token: DEFAULT_BOT.token, session_id: ready.session_id, seq: 2 } });
    await gw.dispatch('RESUMED');

    await fault({ action: 'close', code: 4000 });
    expect((await gw.closed).code).toBe(4000);

    const second = await session();
    const bad = await json(`${sim.url}/_sim/faults/gateway`, { body: { action: 'invalid-session', resumable: false, sessionId: second.ready.session_id } });
    expect(bad.status).toBe(200);
    expect((await second.gw.op(Op.InvalidSession)).d).toBe(false);
    expect(sim.state().gateway.sessions.find((s) => s.id === second.ready.session_id)?.resumable).toBe(false);

    const third = await session();
    sim.gatewayFault({ action: 'drop', sessionId: third.ready.session_id });
    expect((await third.gw.closed).code).toBe(1006);
    expect(sim.state().gateway.sessions.find((s) => s.id === third.ready.session_id)).toMatchObject({ connected: false, resumable: true });
    await second.gw.close();
  });
});

describe('gateway heartbeat timeout', () => {
  it('closes 4009 when the client stops heartbeating for 1.5 intervals', async () => {
    const sim = await startDiscordSimulator({ heartbeatIntervalMs: 100 });
    try {
      const gw = await RawGateway.open(sim.gatewayUrl);
      await gw.op(Op.Hello);
      gw.identify(DEFAULT_BOT.token, INTENTS);
      const ready = (await gw.dispatch('READY')).d as Ready;
      const started = Date.now();
      expect((await gw.closed).code).toBe(4009);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(sim.state().gateway.sessions.find((s) => s.id === ready.session_id)?.resumable).toBe(false);
    } finally {
      await sim.close();
    }
  });
});
