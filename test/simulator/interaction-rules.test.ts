// Interactions as Discord runs them: each application signs with its own key, the initial response must come
// within 3 s (10062 after), follow-ups only after it and within 15 minutes (50027 after), one ack only (40060).
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot, type SimStateSnapshot } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

const OTHER_BOT = { token: 'other-bot-token', applicationId: '100000000000000777', userId: '100000000000000777', username: 'Other' };

function verifies(publicKeyHex: string, headers: Record<string, string>, body: string): boolean {
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
  return verify(null, Buffer.from((headers['x-signature-timestamp'] ?? '') + body), key, Buffer.from(headers['x-signature-ed25519'] ?? '', 'hex'));
}

describe('interaction rules', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let channelId: string;

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000, bots: [DEFAULT_BOT, OTHER_BOT] });
    guild = sim.addGuild({ name: 'interactions' });
    channelId = guild.channels[0]!.id;
  });
  afterAll(() => sim.close());

  const create = (applicationId = DEFAULT_BOT.applicationId) =>
    sim.createInteraction({ guildId: guild.id, channelId, user: { username: 'erin' }, name: 'ask', applicationId });
  const ids = (signed: { interaction: unknown }) => signed.interaction as { id: string; token: string; application_id: string };
  const callback = (i: { id: string; token: string }, type = 5) => json<{ code: number }>(`${sim.apiBase}/interactions/${i.id}/${i.token}/callback`, { body: { type } });
  const followUp = (i: { token: string; application_id: string }) =>
    json<{ code: number }>(`${sim.apiBase}/webhooks/${i.application_id}/${i.token}`, { body: { content: 'later' } });

  it("signs each application's interactions with that application's own key", async () => {
    const shared = await create();
    const custom = await create(OTHER_BOT.applicationId);
    const otherKey = sim.publicKeyOf(OTHER_BOT.applicationId);
    expect(otherKey).not.toBe(sim.publicKey);
    expect(verifies(sim.publicKey, shared.headers, shared.body)).toBe(true);
    expect(verifies(otherKey, custom.headers, custom.body)).toBe(true);
    expect(verifies(sim.publicKey, custom.headers, custom.body)).toBe(false);
    expect(verifies(otherKey, shared.headers, shared.body)).toBe(false);
    // verify_key and /_sim/state say the same.
    const app = await json<{ verify_key: string }>(`${sim.apiBase}/applications/@me`, { token: OTHER_BOT.token });
    expect(app.body.verify_key).toBe(otherKey);
    const state = await json<SimStateSnapshot>(`${sim.url}/_sim/state`);
    expect(state.body.bots.find((b) => b.applicationId === OTHER_BOT.applicationId)?.publicKey).toBe(otherKey);
  });

  it('refuses follow-ups before the ack and a second ack', async () => {
    const i = ids(await create());
    expect((await followUp(i)).body.code).toBe(10015);
    expect((await callback(i)).status).toBe(204);
    const again = await callback(i, 4);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe(40060);
    expect((await followUp(i)).status).toBe(200);
  });

  it('refuses an ack that comes after 3 s with 10062, and then every follow-up', async () => {
    const i = ids(await create());
    await json(`${sim.url}/_sim/interactions/${i.id}/age`, { body: { ms: 3_001 } });
    const late = await callback(i);
    expect(late.status).toBe(404);
    expect(late.body.code).toBe(10062);
    expect((await followUp(i)).body.code).toBe(10015);
  });

  it('accepts an ack just inside 3 s', async () => {
    const i = ids(await create());
    sim.ageInteraction(i.id, 2_500);
    expect((await callback(i)).status).toBe(204);
  });

  it('refuses follow-ups once the token is 15 minutes old with 401 50027', async () => {
    const i = ids(await create());
    expect((await callback(i)).status).toBe(204);
    sim.ageInteraction(i.id, 15 * 60_000 + 1);
    const expired = await followUp(i);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe(50027);
    const edit = await json<{ code: number }>(`${sim.apiBase}/webhooks/${i.application_id}/${i.token}/messages/@original`, { method: 'PATCH', body: { content: 'x' } });
    expect(edit.body.code).toBe(50027);
  });

  it('rejects a bad age request with 400', async () => {
    const i = ids(await create());
    const bad = await json<{ error: string }>(`${sim.url}/_sim/interactions/${i.id}/age`, { body: { ms: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/ms must be/);
    expect((await json(`${sim.url}/_sim/interactions/1/age`, { body: { ms: 1 } })).status).toBe(404);
  });
});
