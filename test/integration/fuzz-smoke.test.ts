// A smoke run of `npm run fuzz` inside `npm test`: a few hundred seeded cases of the same generators (admin API
// requests without, with forged and with real credentials; unsigned, badly signed and validly signed interaction
// posts) through SELF.fetch. None may get a 5xx; none without credentials a 2xx from /api or /discord or a new
// Durable Object; and the seeded guild's settings and knowledge stay as they were. A failure names the case: replay it with
// `npm run fuzz -- --seed <SEED> --case <index>`.

import { env, listDurableObjectIds, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, generateCase, UNAUTHENTICATED_CATEGORIES, signedHeaders, type FuzzTarget, type HttpCase } from '../../scripts/fuzz/cases';
import { judgeHttp, WARNING_KINDS, type Finding } from '../../scripts/fuzz/oracle';
import { api, createGuild, sim, TEST_ADMIN_TOKEN, TEST_BOT } from './support';

const SEED = 20_261_129;
const CASES = 300;
const HTTP_CATEGORIES = CATEGORIES.filter((category) => category !== 'gateway');

async function sign(timestamp: string, body: string): Promise<string> {
  return (await sim<{ signature: string }>('/_sim/fuzz/sign', { body: { timestamp, body } })).signature;
}

async function objectCount(): Promise<number> {
  const lists = await Promise.all([listDurableObjectIds(env.GUILD_ACTOR), listDurableObjectIds(env.GATEWAY_SHARD), listDurableObjectIds(env.USAGE_LEDGER)]);
  return lists.reduce((sum, ids) => sum + ids.length, 0);
}

async function send(c: HttpCase): Promise<Finding[]> {
  const request = await signedHeaders(c, sign, Date.now());
  let init: RequestInit;
  try {
    // Built apart from sending, so only a request the runtime refuses to build (not one it answers) is skipped.
    init = { method: c.method, headers: new Headers(request.headers), body: request.body, redirect: 'manual' };
    new Request(`http://herald.test${c.path}`, init);
  } catch {
    return [];
  }
  const response = await SELF.fetch(`http://herald.test${c.path}`, init);
  const text = await response.text();
  return judgeHttp(c, response.status, response.headers.get('content-type'), text);
}

describe('fuzz smoke run', () => {
  it(`answers ${CASES} seeded malformed requests without a 5xx and without letting anyone in`, { timeout: 180_000 }, async () => {
    const protectedGuild = await createGuild('Fuzz smoke protected');
    const eventGuild = await createGuild('Fuzz smoke events');
    const seeded = await api(`/api/guilds/${protectedGuild.id}/settings`, { method: 'PATCH', body: { moderation: { enabled: true, rules: 'Banned words: fuzzbanned' } } });
    expect(seeded.status).toBe(200);
    expect((await api(`/api/guilds/${protectedGuild.id}/knowledge`, { body: { title: 'Refunds', content: 'Refunds take five days.' } })).status).toBe(201);
    const read = async () => ({
      settings: await (await api(`/api/guilds/${protectedGuild.id}/settings`)).text(),
      knowledge: await (await api(`/api/guilds/${protectedGuild.id}/knowledge`)).text(),
    });
    const before = await read();

    const target: FuzzTarget = {
      adminToken: TEST_ADMIN_TOKEN,
      protectedGuildId: protectedGuild.id,
      scratchGuildIds: ['310000000000000001', '310000000000000002'],
      applicationId: TEST_BOT.applicationId,
      botUserId: TEST_BOT.userId,
      eventGuildId: eventGuild.id,
      eventChannelId: eventGuild.channels[0]!.id,
    };
    const failures: string[] = [];
    for (let index = 0; index < CASES; index++) {
      const c = generateCase(SEED, index, target, HTTP_CATEGORIES) as HttpCase;
      const unauthenticated = UNAUTHENTICATED_CATEGORIES.has(c.category);
      const objectsBefore = unauthenticated ? await objectCount() : 0;
      const findings = await send(c);
      if (unauthenticated && (await objectCount()) > objectsBefore) findings.push({ kind: 'new-object', detail: 'a Durable Object was created' });
      for (const finding of findings) {
        if (!WARNING_KINDS.has(finding.kind)) failures.push(`case ${index} [${c.category}] ${c.method} ${c.path.slice(0, 120)} (${c.note.slice(0, 80)}): ${finding.kind} ${finding.detail.slice(0, 160)}`);
      }
    }

    expect((await SELF.fetch('http://herald.test/healthz')).status).toBe(200);
    expect(await read()).toEqual(before);
    expect(failures).toEqual([]);
  });
});
