// Every /api route needs the operator's bearer token; /healthz does not.

import { describe, expect, it } from 'vitest';
import { api } from './support';

const GUILD = '300000000000000001';

describe('admin API authentication', () => {
  it('serves /healthz without a token', async () => {
    const response = await api('/healthz', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-admin-token'],
  ])('answers 401 with JSON for %s', async (_label, token) => {
    for (const path of [`/api/guilds/${GUILD}/settings`, `/api/guilds/${GUILD}/knowledge`, '/api/gateway/status']) {
      const response = await api(path, { token });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    }
    const patch = await api(`/api/guilds/${GUILD}/settings`, { method: 'PATCH', body: { responseMode: 'all' }, token });
    expect(patch.status).toBe(401);
  });

  it('changes nothing when the token is wrong', async () => {
    await api(`/api/guilds/${GUILD}/settings`, { method: 'PATCH', body: { responseMode: 'ask' }, token: 'wrong' });
    const settings = await (await api(`/api/guilds/${GUILD}/settings`)).json<{ responseMode: string }>();
    expect(settings.responseMode).toBe('mention');
  });

  it('answers 404 as JSON for unknown routes', async () => {
    const response = await api('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: expect.any(String) });
  });
});
