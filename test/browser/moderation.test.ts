// Moderation set up on its page acts in Discord; the log shows the original message, and Reverse lifts a timeout.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { admin, captureScreen, launch, memberSays, newGuild, signInWithDiscord, waitFor, type SimGuild } from './support.js';

let browser: Browser;
let guild: SimGuild;
const OFFENDER = { id: '200000000000008401', username: 'rulebreaker' };

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Moderated Guild');
});
afterAll(async () => browser?.close());

interface LogEntry {
  id: string;
  action: string;
  outcome: string;
  content: string;
}

describe('moderation page', () => {
  it('saves rules and actions, logs what happened, and reverses a timeout', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/moderation`);
    await page.getByLabel('Moderate messages').check();
    await page.getByLabel('Your rules').fill('banned words: frobnicate => timeout');
    await page.getByLabel('Time the member out').check();
    await page.getByRole('button', { name: 'Save moderation' }).click();
    await page.getByText('Moderation saved.').waitFor();

    await memberSays(guild, 'you should frobnicate the server', OFFENDER);
    const entry = await waitFor(async () => (await admin<{ entries: LogEntry[] }>(`/api/guilds/${guild.id}/moderation-log`)).entries.find((e) => e.action === 'timeout'), 'the timeout');
    expect(entry.outcome).toBe('done');

    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.locator(`tr[data-entry-id="${entry.id}"]`);
    await row.getByText('you should frobnicate the server').waitFor();
    await captureScreen(page, 'moderation');
    await row.getByRole('button', { name: /Reverse/ }).click();
    await page.getByText(/Reversed the timeout/).waitFor();
    const after = (await admin<{ entries: LogEntry[] }>(`/api/guilds/${guild.id}/moderation-log`)).entries.find((e) => e.id === entry.id)!;
    expect(after.outcome).toBe('reversed');
  });

  it('tests a message against the rules in the box, and saves the review and AutoMod toggles', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/moderation`);
    await page.getByLabel('Your rules').fill('No crypto scams. Banned words: crypto-scam, free-nitro => timeout\nno invites');
    await page.getByLabel('Message to test').fill('grab your free-nitro now');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByText('Herald would timeout.').waitFor();
    const readRules = page.getByRole('table', { name: 'How Herald reads your rules' });
    await readRules.getByText('No crypto scams.').waitFor();
    await readRules.getByText('no, needs the AI model').waitFor();
    await captureScreen(page, 'moderation-preview');
    expect((await admin<{ entries: LogEntry[] }>(`/api/guilds/${guild.id}/moderation-log`)).entries.filter((e) => e.content.includes('free-nitro'))).toEqual([]);

    await page.getByLabel('Review strong AI decisions').check();
    await page.getByLabel('Mirror rules into Discord AutoMod').check();
    await page.getByRole('button', { name: 'Save moderation' }).click();
    await page.getByText(/Saved|Moderation saved/).first().waitFor();
    const settings = await admin<{ moderation: { review: { enabled: boolean }; automod: boolean } }>(`/api/guilds/${guild.id}/settings`);
    expect(settings.moderation.review.enabled).toBe(true);
    expect(settings.moderation.automod).toBe(true);
  });
});
