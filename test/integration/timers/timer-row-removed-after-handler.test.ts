// A timer row stays until its handler finished: taking the due timers leaves them in place (an eviction
// mid-handler keeps the timer), `done` removes the row, and a handler that moved its own timer keeps the move.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { GuildTimer } from '../../../src/guild/schema';
import { Timers } from '../../../src/storage/timers';
import { guildActorStub } from '../support';

describe('timer rows', () => {
  it('are removed only by done(), and only at the due time that was run', async () => {
    await runInDurableObject(guildActorStub('timer-rows-guild'), async (_instance, state) => {
      const timers = new Timers<GuildTimer>(state.storage);
      const now = Date.now();
      await timers.schedule('takeover', now - 1_000, 'c1');
      await timers.schedule('proactive', now - 500);

      const due = timers.due(now);
      expect(due.map((timer) => timer.kind)).toEqual(['takeover', 'proactive']);
      // Still there while the handlers run (an eviction now would leave them to run again).
      expect(timers.get('takeover', 'c1')).toBe(now - 1_000);

      timers.done(due[0]!);
      expect(timers.get('takeover', 'c1')).toBeNull();

      // The proactive handler scheduled its next post before finishing: done() keeps that.
      await timers.schedule('proactive', now + 60_000);
      timers.done(due[1]!);
      expect(timers.get('proactive')).toBe(now + 60_000);
      await timers.cancel('proactive');
    });
  });
});
