// Knowledge base documents: add, list, search through answers, delete (passages go too), size limits.

import { describe, expect, it } from 'vitest';
import { runInDurableObject, env } from 'cloudflare:test';
import { api } from './support';
import type { GuildActor } from '../../src/actors/guild-actor';

const GUILD = '300000000000000003';
const path = `/api/guilds/${GUILD}/knowledge`;

function actor() {
  return env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(GUILD));
}

async function passageCount(): Promise<number> {
  return runInDurableObject(actor(), (_instance: GuildActor, state) =>
    state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM passages').one().n,
  );
}

describe('knowledge API', () => {
  it('adds, lists and deletes documents with their passages', async () => {
    const created = await api(path, { body: { title: 'Setup guide', content: 'Install the app.\n\nThen log in with your account.' } });
    expect(created.status).toBe(201);
    const doc = await created.json<{ id: string; title: string; passages: number }>();
    expect(doc.title).toBe('Setup guide');
    expect(doc.passages).toBeGreaterThan(0);
    expect(await passageCount()).toBe(doc.passages);

    const listed = await (await api(path)).json<{ documents: { id: string }[] }>();
    expect(listed.documents.map((d) => d.id)).toContain(doc.id);

    expect((await api(`${path}/${doc.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await passageCount()).toBe(0);
    expect((await api(`${path}/${doc.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it.each([
    [{ content: 'no title' }, 'title'],
    [{ title: 'No content' }, 'content'],
    [{ title: '', content: 'x' }, 'title'],
    [['not', 'an', 'object'], 'body'],
  ])('rejects %j naming %s', async (body, field) => {
    const response = await api(path, { body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field });
  });

  it('answers 413 for an oversized document and stores nothing', async () => {
    const before = (await (await api(path)).json<{ documents: unknown[] }>()).documents.length;
    const response = await api(path, { body: { title: 'Huge', content: 'word '.repeat(300_000) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: expect.any(String) });
    expect((await (await api(path)).json<{ documents: unknown[] }>()).documents.length).toBe(before);
  });
});
