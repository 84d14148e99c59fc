// GET / serves the dashboard from Workers static assets; the Worker still answers its own routes first.

import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('the dashboard page', () => {
  it('is served at /', async () => {
    const response = await SELF.fetch('http://herald.test/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/js/main.js"></script>');
  });

  it('serves its scripts and styles', async () => {
    for (const path of ['/js/main.js', '/js/views/live.js', '/app.css']) {
      const response = await SELF.fetch(`http://herald.test${path}`);
      expect(response.status, path).toBe(200);
    }
  });

  it('does not hand API or Discord paths to the assets', async () => {
    const api = await SELF.fetch('http://herald.test/api/nothing-here');
    expect(api.headers.get('content-type')).toContain('application/json');
    const discord = await SELF.fetch('http://herald.test/discord/other');
    expect(discord.status).toBe(404);
    expect(await discord.json()).toMatchObject({ error: expect.any(String) });
  });

  it('answers 405 to a write outside the API', async () => {
    const response = await SELF.fetch('http://herald.test/', { method: 'POST' });
    expect(response.status).toBe(405);
  });
});
