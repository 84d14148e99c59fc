// The simulator's chat page shows the buttons on Herald's answers and a person can click them: the click is
// signed and delivered to the worker's interactions URL, and the ephemeral answer shows up.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { admin, launch, newGuild, SCREENSHOTS, type SimGuild } from './support.js';
import { join } from 'node:path';

let browser: Browser;
let guild: SimGuild;

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Chat Buttons Guild');
  await admin(`/api/guilds/${guild.id}/knowledge`, { title: 'Refunds', content: 'Refunds are paid back within 14 days of a request to billing.' });
});
afterAll(async () => browser?.close());

describe('chat page buttons', () => {
  it('shows 👍 / 👎 / Talk to a human on an answer, and a click gets the ephemeral thanks', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.goto(`${inject('simulatorUrl')}/`);
    await page.locator('#guild option', { hasText: 'Chat Buttons Guild' }).waitFor({ state: 'attached' });
    await page.selectOption('#guild', guild.id);
    await page.waitForFunction(() => (document.getElementById('channel') as HTMLSelectElement).value !== '');
    await page.fill('#username', 'clicker');
    await page.fill('#text', 'how do refunds work?');
    await page.getByRole('button', { name: 'Send' }).click();
    const human = page.getByRole('button', { name: 'Talk to a human' });
    await human.waitFor({ timeout: 15_000 });
    expect(await page.locator('.buttons button').count()).toBe(3);
    await page.locator('.buttons button').first().click();
    await page.getByText('Thanks for the feedback!').waitFor({ timeout: 15_000 });
    expect(await page.locator('#error').textContent()).toBe('');
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-buttons.png'), fullPage: true });
  });
});
