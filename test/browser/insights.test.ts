// The Insights page shows the period's counts and the questions Herald could not answer most often; the Setup
// page shows the feedback and ticket settings and saves them.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { admin, botReplyTo, captureScreen, launch, memberSays, newGuild, signInWithDiscord, type SimGuild } from './support.js';

const BOT = '100000000000000001';
let browser: Browser;
let guild: SimGuild;

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Insights Guild');
  await admin(`/api/guilds/${guild.id}/knowledge`, { title: 'Refunds', content: 'Refunds are paid back within 14 days of a request to billing.' });
});
afterAll(async () => browser?.close());

describe('insights page', () => {
  it('shows the counts and the top unanswered questions', async () => {
    const asked = ['how do refunds work?', 'Where is the cafeteria?', 'where is the cafeteria', 'Can I bring my dog?'];
    for (const [index, question] of asked.entries()) {
      const message = await memberSays(guild, `<@${BOT}> ${question}`, { id: `20000000000001250${index}`, username: `visitor${index}` });
      await botReplyTo(guild.channels[0]!.id, message.id);
    }
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/insights`);
    await page.getByRole('heading', { name: 'Most frequent unanswered questions' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'cafeteria' });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('2');
    expect(await page.locator('.stat', { hasText: 'questions asked' }).locator('strong').textContent()).toBe('4');
    expect(await page.locator('.stat', { hasText: 'had nothing relevant' }).locator('strong').textContent()).toBe('3');
    await captureScreen(page, 'insights');
  });

  it('setup shows the feedback and ticket settings and saves them', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/setup`);
    await page.getByRole('heading', { name: 'Tickets' }).waitFor();
    expect(await page.getByLabel('Feedback buttons').isChecked()).toBe(true);
    await page.getByLabel('Open a private ticket thread').check();
    await page.getByLabel('Tickets channel').selectOption({ label: '#help' });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/Saved at/).waitFor();
    const settings = await admin<{ tickets: { enabled: boolean; channelId: string | null } }>(`/api/guilds/${guild.id}/settings`);
    expect(settings.tickets).toMatchObject({ enabled: true, channelId: guild.channels[1]!.id });
    await page.getByRole('heading', { name: 'Tickets' }).scrollIntoViewIfNeeded();
    await captureScreen(page, 'setup-tickets');
  });
});
