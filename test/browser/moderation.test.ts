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
});
