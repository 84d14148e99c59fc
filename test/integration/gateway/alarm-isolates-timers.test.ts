// GatewayShard's alarm runs each timer on its own: a failing watchdog does not skip the outbox flush, and the
// failed watchdog is kept (moved a little later) instead of lost.

import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { actorSql } from '../support';

describe('GatewayShard alarm', () => {
  it('flushes the outbox even when the watchdog throws, and keeps the watchdog timer', async () => {
    const stub = env.GATEWAY_SHARD.get(env.GATEWAY_SHARD.idFromName('alarm-isolation-app:0'));
    const guildId = '990000000000000001';
    const event = { kind: 'guild_state', eventId: 'alarm-isolation-1', bot: { appKey: 'shared', applicationId: null, botUserId: '1' }, ownerId: '2', roles: [] };
    await runInDurableObject(stub, async (instance, state) => {
      (instance as unknown as { watchdog: () => Promise<void> }).watchdog = () => Promise.reject(new Error('watchdog failed (test)'));
      // A shard of the shared application: it routes every guild (a custom one only its registered guilds).
      (instance as unknown as { row: { app_key: string } }).row.app_key = 'shared';
      const now = Date.now();
      state.storage.sql.exec('INSERT INTO outbox (event_id, guild_id, payload, attempts, queued_at) VALUES (?, ?, ?, 1, ?)', event.eventId, guildId, JSON.stringify(event), now - 60_000);
      state.storage.sql.exec("INSERT INTO timers (kind, key, due_at) VALUES ('watchdog', '', ?), ('outbox', '', ?)", now - 2_000, now - 1_000);
      // Far ahead, so only runDurableObjectAlarm runs it (the rows themselves are overdue).
      await state.storage.setAlarm(now + 60_000);
    });

    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const left = await runInDurableObject(stub, (_instance, state) => ({
      outbox: state.storage.sql.exec('SELECT event_id FROM outbox').toArray().length,
      timers: state.storage.sql.exec<{ kind: string; due_at: number }>('SELECT kind, due_at FROM timers').toArray(),
    }));
    expect(left.outbox).toBe(0);
    expect(await actorSql(guildId, 'SELECT event_id FROM seen_events WHERE event_id = ?', event.eventId)).toHaveLength(1);
    const watchdog = left.timers.find((timer) => timer.kind === 'watchdog');
    expect(watchdog?.due_at).toBeGreaterThan(Date.now());
    expect(left.timers.some((timer) => timer.kind === 'outbox')).toBe(false);
  });
});
