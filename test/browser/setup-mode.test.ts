// Changing the response mode on the Setup page changes what the bot does in Discord.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { admin, botReplyTo, captureScreen, channelMessages, launch, memberSays, newGuild, signInWithDiscord, waitFor, type SimGuild } from './support.js';

let browser: Browser;
let guild: SimGuild;
const MEMBER = { id: '200000000000008201', username: 'asker' };

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Mode Guild');
  await admin(`/api/guilds/${guild.id}/knowledge`, { title: 'Refunds', content: 'Refunds are paid back within 14 days of a request to billing.' });
});
afterAll(async () => browser?.close());

describe('setup page', () => {
  it('switching to "All messages" makes Herald answer a question without a mention', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/setup`);
    await page.getByRole('radio', { name: 'All messages' }).waitFor();
    await captureScreen(page, 'setup');

    // Before: mention mode, so an unmentioned question gets nothing.
    const before = await memberSays(guild, 'how do refunds work?', MEMBER);
    await page.getByRole('radio', { name: 'All messages' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/Saved at/).waitFor();
    expect((await admin<{ responseMode: string }>(`/api/guilds/${guild.id}/settings`)).responseMode).toBe('all');
    expect((await channelMessages(guild.channels[0]!.id)).filter((m) => m.message_reference?.message_id === before.id)).toEqual([]);

    const after = await memberSays(guild, 'how do refunds work?', MEMBER);
    const reply = await botReplyTo(guild.channels[0]!.id, after.id);
    expect(reply.content).toContain('14 days');
  });

  it('shows the API’s validation error next to its field', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/setup`);
    const email = page.getByLabel('Escalation e-mail');
    await email.fill('not-an-address');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await waitFor(async () => (await email.getAttribute('aria-invalid')) === 'true', 'the field to be marked invalid');
    expect(await page.locator(`#${await email.getAttribute('id')}-error`).textContent()).toContain('e-mail');
    await captureScreen(page, 'setup-error');
  });
});
