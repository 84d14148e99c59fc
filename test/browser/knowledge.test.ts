// A document added on the Knowledge page is used in the bot's next answer.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { botReplyTo, captureScreen, launch, memberSays, newGuild, signInWithDiscord, type SimGuild } from './support.js';

let browser: Browser;
let guild: SimGuild;

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Knowledge Guild');
});
afterAll(async () => browser?.close());

describe('knowledge page', () => {
  it('adds a document, lists it, shows it, and Herald answers from it', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/knowledge`);
    await page.getByText('No documents yet').waitFor();
    await page.getByLabel('Title').fill('Opening hours');
    await page.getByLabel('Text', { exact: true }).fill('# Opening hours\n\nThe support desk is open from 9:00 to 17:00, Monday to Friday.');
    await page.getByRole('button', { name: 'Add document' }).click();
    await page.getByRole('cell', { name: 'Opening hours', exact: true }).waitFor();
    await page.getByRole('button', { name: 'View Opening hours' }).click();
    await page.getByText('Monday to Friday').first().waitFor();
    await captureScreen(page, 'knowledge');

    const bot = '100000000000000001';
    const question = await memberSays(guild, `<@${bot}> when is the support desk open?`, { id: '200000000000008301', username: 'visitor' });
    const reply = await botReplyTo(guild.channels[0]!.id, question.id);
    expect(reply.content).toContain('9:00 to 17:00');
  });
});
