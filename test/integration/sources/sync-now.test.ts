// POST .../sources/:id/sync fetches the source again right away (202), without waiting for refreshHours.

import { describe, expect, it } from 'vitest';
import { api, createGuild, waitFor } from '../support';
import { addSource, createSite, documents, documentText, setPage, synced, type SourceJson } from './support';

describe('sync now', () => {
  it('re-fetches the page at once and replaces its document', async () => {
    const site = await createSite();
    await setPage(site, '/hours', { body: '<title>Opening hours</title><p>We are open 9 to 5.</p>' });
    const guild = await createGuild('Source Sync Now Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/hours`, kind: 'page', refreshHours: 720 })).json<SourceJson>();
    const first = await synced(guild.id, added.id);
    expect(first.status).toBe('ok');

    await setPage(site, '/hours', { body: '<title>Opening hours</title><p>We are open 8 to 8 now.</p>' });
    const response = await api(`/api/guilds/${guild.id}/knowledge/sources/${added.id}/sync`, { method: 'POST' });
    expect(response.status).toBe(202);
    await waitFor(async () => {
      const source = await synced(guild.id, added.id);
      return source.lastSyncAt !== first.lastSyncAt ? source : null;
    }, 'the second sync');
    const [doc] = await documents(guild.id);
    expect(await documentText(guild.id, doc!.id)).toBe('We are open 8 to 8 now.');
  });
});
