// A big sitemap is synced over several timer runs: each run fetches at most PAGES_PER_TIMER_RUN pages and
// re-arms the source's timer at once while pages remain, so one alarm invocation stays short; the last run
// schedules the refresh refreshHours later. The syncer is driven directly here with a recording timer table,
// so the runs are counted one by one (the actor's own alarm never runs them meanwhile).

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../../src/guild/knowledge-store';
import type { GuildTimer } from '../../../src/guild/schema';
import { PAGES_PER_TIMER_RUN } from '../../../src/sources/limits';
import { SourceStore } from '../../../src/sources/source-store';
import { SourceSyncer } from '../../../src/sources/syncer';
import type { Timers } from '../../../src/storage/timers';
import { guildActorStub } from '../support';
import { createSite, setPage, siteRequests, sitemap } from './support';

const PAGES = PAGES_PER_TIMER_RUN * 2 + 3;

describe('a sitemap larger than one timer run', () => {
  it('is fetched PAGES_PER_TIMER_RUN pages per run, re-armed at once until done, then due in refreshHours', async () => {
    const site = await createSite();
    const paths = Array.from({ length: PAGES }, (_, i) => `/docs/page-${String(i).padStart(2, '0')}`);
    await setPage(site, '/sitemap.xml', { contentType: 'application/xml', body: sitemap(paths.map((p) => `${site.url}${p}`)) });
    for (const path of paths) await setPage(site, path, { body: `<title>${path}</title><main><p>Text of ${path}.</p></main>` });

    await runInDurableObject(guildActorStub('batched-sync-guild'), async (_instance, state) => {
      const scheduled: { kind: GuildTimer; dueAt: number; key: string }[] = [];
      const timers = {
        schedule: async (kind: GuildTimer, dueAt: number, key = '') => void scheduled.push({ kind, dueAt, key }),
        cancel: async () => undefined,
        get: () => null,
      } as unknown as Timers<GuildTimer>;
      const knowledge = new KnowledgeStore(state.storage);
      const syncer = new SourceSyncer(state.storage, timers, knowledge, () => 'batched-sync-guild');
      const id = crypto.randomUUID();
      new SourceStore(state.storage.sql).insert({ id, url: `${site.url}/sitemap.xml`, kind: 'sitemap', refreshHours: 6, createdAt: Date.now() });

      const counts: number[] = [];
      for (let run = 0; run < 3; run++) {
        const before = Date.now();
        await syncer.onTimer(id);
        counts.push(knowledge.count());
        const next = scheduled.at(-1)!;
        expect(next.key).toBe(id);
        if (run < 2) {
          expect(next.dueAt).toBeLessThanOrEqual(Date.now());
          expect(syncer.get(id)!.status).toBe('syncing');
        } else {
          expect(next.dueAt).toBeGreaterThanOrEqual(before + 6 * 3_600_000);
        }
      }
      expect(counts).toEqual([PAGES_PER_TIMER_RUN, PAGES_PER_TIMER_RUN * 2, PAGES]);
      expect(syncer.get(id)).toMatchObject({ status: 'ok', pages: PAGES, queued: 0, lastError: null });
    });
    // Each page was fetched once: the sitemap was read once, at the start of the sync.
    const requests = (await siteRequests(site)).map((r) => r.path);
    expect(requests.filter((p) => p === '/sitemap.xml')).toHaveLength(1);
    expect(requests.filter((p) => p.startsWith('/docs/')).sort()).toEqual(paths);
  });
});
