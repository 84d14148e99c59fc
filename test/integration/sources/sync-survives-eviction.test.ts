// A sync under way is kept in storage (the source's syncing flag, its queued pages, its timer row): after the
// guild actor is evicted, the next run of the 'source' timer carries on with the pages left, without reading
// the sitemap again.

import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../../src/guild/knowledge-store';
import type { GuildTimer } from '../../../src/guild/schema';
import { PAGES_PER_TIMER_RUN } from '../../../src/sources/limits';
import { SourceStore } from '../../../src/sources/source-store';
import { SourceSyncer } from '../../../src/sources/syncer';
import type { Timers } from '../../../src/storage/timers';
import { createGuild, guildActorStub } from '../support';
import { documents, fireSourceTimer, getSource, createSite, setPage, siteRequests, sitemap } from './support';

describe('a sync interrupted by eviction', () => {
  it('goes on from the queued pages on the next timer run', async () => {
    const site = await createSite();
    const paths = Array.from({ length: PAGES_PER_TIMER_RUN + 2 }, (_, i) => `/p${i}`);
    await setPage(site, '/sitemap.xml', { contentType: 'application/xml', body: sitemap(paths.map((p) => `${site.url}${p}`)) });
    for (const path of paths) await setPage(site, path, { body: `<title>Page ${path}</title><p>Text of ${path}.</p>` });
    const guild = await createGuild('Source Eviction Guild');
    const stub = guildActorStub(guild.id);
    const id = crypto.randomUUID();

    // The first run, with a timer table that records nothing: the actor's own alarm stays out of it.
    await runInDurableObject(stub, async (_instance, state) => {
      const quiet = { schedule: async () => undefined, cancel: async () => undefined, get: () => null } as unknown as Timers<GuildTimer>;
      new SourceStore(state.storage.sql).insert({ id, url: `${site.url}/sitemap.xml`, kind: 'sitemap', refreshHours: 24, createdAt: Date.now() });
      await new SourceSyncer(state.storage, quiet, new KnowledgeStore(state.storage), () => guild.id).onTimer(id);
    });
    expect(await getSource(guild.id, id)).toMatchObject({ status: 'syncing', pages: PAGES_PER_TIMER_RUN, queued: 2 });

    await evictDurableObject(stub);
    expect(await fireSourceTimer(guild.id, id)).toBe(true);

    expect(await getSource(guild.id, id)).toMatchObject({ status: 'ok', pages: paths.length, queued: 0 });
    expect((await documents(guild.id)).length).toBe(paths.length);
    expect((await siteRequests(site)).filter((r) => r.path === '/sitemap.xml')).toHaveLength(1);
  });
});
