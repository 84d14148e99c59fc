// Every integration file starts from a fresh runtime, as if it had a workerd process of its own. The workerd
// process and the imported module graph are kept from file to file (`isolate: false` in vitest.config.ts),
// which saves a process start and a module import per file; what a file leaves behind is cleared here.
import { abortAllDurableObjects, env, listDurableObjectIds, reset, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll } from 'vitest';
import type { GatewayShard } from '../../src/actors/gateway-shard';
import { sim } from './support';

/** Wakes every object of `namespace` (but those in `skip`), so that reset() deletes its storage. */
async function wakeAll<T extends Rpc.DurableObjectBranded | undefined>(namespace: DurableObjectNamespace<T>, skip?: Set<string>): Promise<void> {
  for (const id of await listDurableObjectIds(namespace)) {
    if (skip?.has(id.toString())) continue;
    await runInDurableObject(namespace.get(id), () => undefined);
  }
}

let existingAtStart = new Set<string>();

beforeAll(async () => {
  existingAtStart = new Set((await listDurableObjectIds(env.GUILD_ACTOR)).map((id) => id.toString()));
});

afterAll(async () => {
  // Shards stop through their own stop(): an aborted shard's socket would stay open, and its close would bring
  // the shard back to reconnect from its old row.
  for (const id of await listDurableObjectIds(env.GATEWAY_SHARD)) {
    await runInDurableObject(env.GATEWAY_SHARD.get(id), (shard: GatewayShard) => shard.stop());
  }
  // reset() deletes the storage (alarms included) of the objects that are running, so every object this file
  // may have touched is woken first: those with fixed names (every file uses the same ones), and the guild
  // actors created during the file (those of earlier files were deleted after their file).
  await wakeAll(env.GATEWAY_SHARD);
  await wakeAll(env.CUSTOM_BOT_REGISTRY);
  await wakeAll(env.USAGE_LEDGER);
  await wakeAll(env.DASHBOARD_SESSIONS);
  await wakeAll(env.GUILD_ACTOR, existingAtStart);
  await reset();
  // Then the running instances go, with their in-memory state and timers.
  await abortAllDurableObjects();
  // A socket a shard was still opening is dropped by the simulator.
  await sim('/_sim/faults/gateway', { body: { action: 'drop' } });
});
