// A stored resume URL that cannot be reached (here port 9 on loopback) must not leave the shard trying it in
// `connecting` for good: after two failed connects it drops that URL and resumes the same session through the
// main gateway URL, with no new IDENTIFY.

import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayStatus, simGateway, simSession, startGatewayAndWait, stopGateway, waitFor, waitForGatewayStatus } from '../support';

/** The shared application's shard 0 (src/gateway/control.ts names shards `${appKey}:${shardId}`). */
function sharedShard() {
  return env.GATEWAY_SHARD.get(env.GATEWAY_SHARD.idFromName('shared:0'));
}

describe('an unreachable resume URL', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('is dropped after failed connects, and the session resumes through the main URL', { timeout: 90_000 }, async () => {
    const status = await gatewayStatus();
    const sessionId = status.sessionId!;
    const resumesBefore = status.shards[0]!.resumes;
    const identifiesBefore = (await simGateway()).identifies;

    await runInDurableObject(sharedShard(), (_instance, state) => {
      state.storage.sql.exec('UPDATE shard SET resume_url = ? WHERE id = 1', 'ws://127.0.0.1:9/gateway');
    });
    // A restart: the new instance reads the stored row and reconnects to the stored resume URL.
    await abortAllDurableObjects();
    await waitFor(async () => !(await simSession(sessionId)).connected, 'the simulator to see the torn-down shard disconnect');
    expect(await runDurableObjectAlarm(sharedShard())).toBe(true);

    const after = await waitForGatewayStatus((s) => s.state === 'ready' && s.shards[0]!.resumes > resumesBefore, 'the shard to resume via the main URL', 45_000);
    expect(after.sessionId).toBe(sessionId);
    expect((await simGateway()).identifies).toBe(identifiesBefore);
    expect((await simSession(sessionId)).connected).toBe(true);
  });
});
