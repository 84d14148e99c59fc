// The simulator's /_sim/fuzz routes: a raw frame reaches the connected bot as sent; a made-up dispatch gets the
// session's next sequence and is replayed on RESUME like a real event; a signature verifies with the public key.
import { createPublicKey, verify } from 'node:crypto';
import { GatewayIntentBits as I, GatewayOpcodes as Op } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator } from '../../scripts/discord-simulator/index.js';
import { json, RawGateway } from './helpers.js';

describe('simulator fuzz routes', () => {
  let sim: DiscordSimulator;
  const sockets: RawGateway[] = [];

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 5000 });
    sim.addGuild({ name: 'fuzz', channels: [{ name: 'general' }] });
  });

  afterAll(async () => {
    for (const gw of sockets) gw.ws.terminate();
    await sim.close();
  });

  async function identified(): Promise<{ gw: RawGateway; sessionId: string; seq: number }> {
    const gw = await RawGateway.open(`${sim.gatewayUrl}?v=10&encoding=json`);
    sockets.push(gw);
    await gw.op(Op.Hello);
    gw.identify(DEFAULT_BOT.token, I.Guilds | I.GuildMessages);
    const ready = await gw.dispatch('READY');
    const created = await gw.dispatch('GUILD_CREATE');
    return { gw, sessionId: (ready.d as { session_id: string }).session_id, seq: created.s ?? 0 };
  }

  it('sends a raw frame verbatim and a dispatch with the next sequence, replayed on RESUME', async () => {
    const { gw, sessionId, seq } = await identified();
    const raw = await json<{ sessions: { id: string; seq: number }[] }>(`${sim.url}/_sim/fuzz/gateway-frame`, { body: { raw: '{"op":99,"d":"junk"}' } });
    expect(raw.body.sessions).toEqual([{ id: sessionId, seq }]);
    expect(await gw.op(99 as Op)).toMatchObject({ op: 99, d: 'junk' });

    const sent = await json<{ sessions: { id: string; seq: number }[] }>(`${sim.url}/_sim/fuzz/gateway-frame`, {
      body: { applicationId: DEFAULT_BOT.applicationId, dispatch: { t: 'MESSAGE_CREATE', d: { content: 'no author' } } },
    });
    expect(sent.body.sessions).toEqual([{ id: sessionId, seq: seq + 1 }]);
    expect(await gw.dispatch('MESSAGE_CREATE')).toMatchObject({ s: seq + 1, d: { content: 'no author' } });

    await gw.close(4000);
    const again = await RawGateway.open(`${sim.gatewayUrl}?v=10&encoding=json`);
    sockets.push(again);
    await again.op(Op.Hello);
    again.send({ op: Op.Resume, d: { token: DEFAULT_BOT.token, session_id: sessionId, seq } });
    expect(await again.dispatch('MESSAGE_CREATE')).toMatchObject({ s: seq + 1, d: { content: 'no author' } });
  });

  it('signs any body with the key whose public half it publishes', async () => {
    const body = '{"type":1,"junk":[1e309]}';
    const signed = await json<{ signature: string }>(`${sim.url}/_sim/fuzz/sign`, { body: { timestamp: '1700000000', body } });
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(sim.publicKey, 'hex')]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from('1700000000' + body), key, Buffer.from(signed.body.signature, 'hex'))).toBe(true);
  });

  it('refuses a frame that is neither raw nor a dispatch', async () => {
    const refused = await json<{ error: string }>(`${sim.url}/_sim/fuzz/gateway-frame`, { body: { dispatch: { d: {} } } });
    expect(refused.status).toBe(400);
  });
});
