// Sign in with Discord through the simulator; the guild picker lists what the person may manage; a member
// without rights gets no guild.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { captureScreen, launch, newGuild, sim, signInWithDiscord, waitFor, type SimGuild } from './support.js';

let browser: Browser;
let guild: SimGuild;

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Picker Guild');
});
afterAll(async () => browser?.close());

describe('sign in with Discord', () => {
  it('shows the sign-in screen, then the owner’s servers', async () => {
    const page = await browser.newPage();
    await page.goto(inject('workerUrl') + '/');
    await page.getByRole('heading', { name: 'Sign in to Herald' }).waitFor();
    await captureScreen(page, 'sign-in');
    await signInWithDiscord(page, guild.ownerId);
    const card = page.getByRole('listitem').filter({ hasText: 'Picker Guild' });
    await waitFor(async () => (await card.count()) > 0 || (await page.reload(), false), 'the guild card');
    await expect(card.getByRole('link', { name: 'Open Picker Guild' }).isVisible()).resolves.toBe(true);
    await captureScreen(page, 'guild-picker');
  });

  it('a member without rights gets no guild', async () => {
    const memberId = '200000000000008123';
    await sim(`/_sim/guilds/${guild.id}/members`, { id: memberId, username: 'plainmember' });
    const page = await browser.newPage();
    await signInWithDiscord(page, memberId);
    await page.getByText('No server to show').waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Picker Guild' }).count()).toBe(0);
    await captureScreen(page, 'no-guilds');
  });
});
