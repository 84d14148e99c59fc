// The shard stores its resume point now and then, not per event. A shard torn down (restart, deploy) before
// it stored the point past an event its guild actor already took RESUMEs from the older point: Discord replays
// that event, the shard routes it again, and the guild actor drops it, so the member is answered exactly once.
// (The window is made certain by putting the stored point back, as if the teardown came before the write.)

import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askBot, exactReplies, gatewayStatus, guildWithKnowledge, startGatewayAndWait, stopGateway, waitForGatewayStatus } from '../support';

function sharedShard() {
  return env.GATEWAY_SHARD.get(env.GATEWAY_SHARD.idFromName('shared:0'));
}

interface ShardMemory {
  row: { sequence: number | null; events_routed: number };
}

describe('a shard torn down before it stored its resume point', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('replays what came after the stored point, and the guild actor answers it only once', { timeout: 90_000 }, async () => {
    const guild = await guildWithKnowledge('Resume Point Guild');
    await exactReplies(guild, await askBot(guild, 'how do refunds work?'));
    const before = (await gatewayStatus()).sequence!;

    const question = await askBot(guild, 'what is the refund window?');
    await exactReplies(guild, question);
    const received = await runInDurableObject(sharedShard(), (instance) => (instance as unknown as ShardMemory).row.sequence);
    expect(received).toBeGreaterThan(before);
    // The teardown comes before the point moved past the question.
    await runInDurableObject(sharedShard(), (_instance, state) => {
      state.storage.sql.exec('UPDATE shard SET sequence = ? WHERE id = 1', before);
    });
    await abortAllDurableObjects();

    const revived = sharedShard();
    expect(await runDurableObjectAlarm(revived)).toBe(true);
    const routedAtStart = await runInDurableObject(revived, (_instance, state) => state.storage.sql.exec<{ n: number }>('SELECT events_routed AS n FROM shard').one().n);
    await waitForGatewayStatus((s) => s.state === 'ready' && (s.sequence ?? 0) >= received!, 'the shard to resume and receive the replay');
    // The question came again over the gateway and was routed to the guild actor a second time...
    const routedNow = await runInDurableObject(revived, (instance) => (instance as unknown as ShardMemory).row.events_routed);
    expect(routedNow).toBeGreaterThan(routedAtStart);
    // ...which took it once: still exactly one reply.
    await exactReplies(guild, question);
  });
});
