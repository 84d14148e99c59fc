// The GatewayShard torn down in memory loses its socket; its alarm, fired on demand, brings the connection
// back with a RESUME of the stored session, never a new IDENTIFY, and the message posted while it was away
// is replayed and answered exactly once.
// The runtime's graceful helper, evictDurableObject, cannot take a shard down: its open outbound WebSocket is
// an active reference, so workerd refuses ("Timed out waiting to evict Durable Object: it still has active
// references") after 30 s, as production keeps such an object in memory. What does take it down in
// production is a restart or a deploy, which abortAllDurableObjects (the runtime's helper for that) stands for.

import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askBot,
  exactReplies,
  gatewayStatus,
  guildWithKnowledge,
  simGateway,
  simSession,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForGatewayStatus,
} from '../support';

/** The shared application's shard 0 (src/gateway/control.ts names shards `${appKey}:${shardId}`). */
function sharedShard() {
  return env.GATEWAY_SHARD.get(env.GATEWAY_SHARD.idFromName('shared:0'));
}

describe('the gateway shard torn down in memory (restart, deploy)', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('resumes its session when its alarm fires, with no new IDENTIFY', { timeout: 90_000 }, async () => {
    const guild = await guildWithKnowledge('Shard Eviction Guild');
    await exactReplies(guild, await askBot(guild, 'how do refunds work?'));

    const status = await gatewayStatus();
    const sessionId = status.sessionId!;
    const resumesBefore = status.shards[0]!.resumes;
    const identifiesBefore = (await simGateway()).identifies;
    const simResumesBefore = (await simSession(sessionId)).resumes;

    // A marker on the in-memory instance shows the teardown really gave us a new one.
    const stub = sharedShard();
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as { evictionMarker?: boolean }).evictionMarker = true;
    });
    await abortAllDurableObjects();
    await waitFor(async () => !(await simSession(sessionId)).connected, 'the simulator to see the torn-down shard disconnect');
    const missed = await askBot(guild, 'what is the refund window?');

    // A stub made before the teardown is broken with it, as a real caller's would be: take a new one.
    const revived = sharedShard();
    expect(await runDurableObjectAlarm(revived)).toBe(true);
    expect(await runInDurableObject(revived, (instance) => (instance as unknown as { evictionMarker?: boolean }).evictionMarker)).toBeUndefined();
    const after = await waitForGatewayStatus((s) => s.state === 'ready' && s.shards[0]!.resumes > resumesBefore, 'the shard to resume after the teardown');
    expect(after.sessionId).toBe(sessionId);
    expect(after.shards[0]!.resumes).toBe(resumesBefore + 1);
    expect((await simGateway()).identifies).toBe(identifiesBefore);
    expect((await simSession(sessionId)).resumes).toBe(simResumesBefore + 1);
    expect((await simSession(sessionId)).connected).toBe(true);

    await exactReplies(guild, missed);
  });
});
