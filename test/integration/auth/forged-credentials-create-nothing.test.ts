// Forged credentials cost nothing (issue 9): hundreds of requests with guild-token-shaped bearers, forged
// live tickets and `/discord/interactions/<unknown id>` posts are refused, and not one Durable Object, in
// any namespace, exists afterwards that did not exist before.

import { env, listDurableObjectIds, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { customBotRegistry } from '../../../src/custom-bot/registry';
import { api, openLive } from '../support';

const FORGERIES = 200;
/** Hundreds of requests on a shared 2-core machine: a generous per-test bound. */
const TIMEOUT_MS = 90_000;

function randomDigits(count: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(count)), (b) => String(b % 10)).join('');
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A snowflake-looking id nobody uses. */
function strangerId(): string {
  return `9${randomDigits(17)}`;
}

/** Every Durable Object id that exists, per namespace. */
async function allObjects(): Promise<Record<string, string[]>> {
  const ids = (list: DurableObjectId[]) => list.map((id) => id.toString()).sort();
  return {
    GUILD_ACTOR: ids(await listDurableObjectIds(env.GUILD_ACTOR)),
    GATEWAY_SHARD: ids(await listDurableObjectIds(env.GATEWAY_SHARD)),
    USAGE_LEDGER: ids(await listDurableObjectIds(env.USAGE_LEDGER)),
    CUSTOM_BOT_REGISTRY: ids(await listDurableObjectIds(env.CUSTOM_BOT_REGISTRY)),
  };
}

describe('forged credentials', () => {
  beforeAll(async () => {
    // The registry is one fixed object, brought into being by the operator's POST /api/gateway/start.
    await customBotRegistry(env).ready();
  });

  it('guild-token-shaped bearers for unknown guilds get 401 and create no object', async () => {
    const before = await allObjects();
    for (let i = 0; i < FORGERIES; i++) {
      const guildId = strangerId();
      const token = i % 2 === 0 ? `hg_${guildId}_${randomHex(16)}_${randomHex(32)}` : `hg_${guildId}_${randomHex(24)}`;
      const response = await api(`/api/guilds/${guildId}/settings`, { token });
      expect(response.status).toBe(401);
    }
    expect(await allObjects()).toEqual(before);
  }, TIMEOUT_MS);

  it('forged live tickets get 401 and create no object', async () => {
    const before = await allObjects();
    for (let i = 0; i < FORGERIES; i++) {
      const guildId = strangerId();
      const ticket = `hlt_${guildId}_${Date.now() + 30_000}_${randomHex(16)}_${randomHex(32)}`;
      const response = await openLive(guildId, { token: null, ticket });
      expect(response.status).toBe(401);
    }
    expect(await allObjects()).toEqual(before);
  }, TIMEOUT_MS);

  it('interactions posted to unknown application ids get 401 and create no object', async () => {
    const before = await allObjects();
    for (let i = 0; i < FORGERIES; i++) {
      const response = await SELF.fetch(`http://herald.test/discord/interactions/${strangerId()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-ed25519': randomHex(64), 'x-signature-timestamp': String(Math.floor(Date.now() / 1000)) },
        body: JSON.stringify({ type: 1, id: strangerId(), application_id: strangerId(), token: randomHex(16) }),
      });
      expect(response.status).toBe(401);
    }
    expect(await allObjects()).toEqual(before);
  }, TIMEOUT_MS);
});
