// Live: an agent watches a conversation, takes it over, replies as the bot, and releases it; an agent sees only
// Live. Also the proactive, usage and gateway screens, captured for review.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { admin, captureScreen, channelMessages, launch, memberSays, newGuild, sim, signInWithDiscord, waitFor, type SimGuild } from './support.js';

let browser: Browser;
let guild: SimGuild;
const MEMBER = { id: '200000000000008501', username: 'needshelp' };
const AGENT = '200000000000008502';

beforeAll(async () => {
  browser = await launch();
  guild = await newGuild('Live Guild');
  await admin(`/api/guilds/${guild.id}/settings`, { plan: 'standard' }, 'PATCH');
  const role = await sim<{ id: string }>(`/_sim/guilds/${guild.id}/roles`, { name: 'Support agents' });
  await sim(`/_sim/guilds/${guild.id}/members`, { id: AGENT, username: 'agentsmith', roles: [role.id] });
  await admin(`/api/guilds/${guild.id}/settings`, { agentRoleIds: [role.id] }, 'PATCH');
});
afterAll(async () => browser?.close());

describe('live page', () => {
  it('an agent takes a conversation over, replies as the bot, and releases it', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, AGENT);
    await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/live`);
    await page.getByText('Connected: conversations update live.').waitFor();
    // Agents see Live and nothing else.
    const tabs = await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents();
    expect(tabs).toEqual(['Live']);

    await memberSays(guild, 'hello, is anyone there?', MEMBER);
    const conversation = page.getByRole('button', { name: /Member 200000000000008501/ });
    await conversation.click();
    await page.getByText('hello, is anyone there?').waitFor();
    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByRole('button', { name: 'Release to the AI' }).waitFor();
    await page.getByText(/AI resumes in \d+:\d\d/).waitFor();
    await page.getByLabel('Reply as the bot').fill('Hi! A person from the team here. How can I help?');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await waitFor(async () => (await channelMessages(guild.channels[0]!.id)).find((m) => m.author.bot && m.content.includes('A person from the team here')), 'the agent’s reply in Discord');
    await captureScreen(page, 'live-takeover');

    const held = await admin<{ conversations: { conversationId: string; heldBy: string | null }[] }>(`/api/guilds/${guild.id}/conversations`);
    expect(held.conversations.find((c) => c.conversationId.endsWith(MEMBER.id))?.heldBy).toBe('agentsmith');
    await page.getByRole('button', { name: 'Release to the AI' }).click();
    await page.getByRole('button', { name: 'Take over' }).waitFor();
    const released = await admin<{ conversations: { conversationId: string; heldBy: string | null }[] }>(`/api/guilds/${guild.id}/conversations`);
    expect(released.conversations.find((c) => c.conversationId.endsWith(MEMBER.id))?.heldBy).toBeNull();
  });

  it('the owner sees proactive posts, usage and the other screens', async () => {
    const page = await browser.newPage();
    await signInWithDiscord(page, guild.ownerId);
    for (const tab of ['proactive', 'usage', 'live']) {
      await page.goto(`${inject('workerUrl')}/#/g/${guild.id}/${tab}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(`Live Guild: `) }).waitFor();
      await page.waitForLoadState('networkidle');
      await captureScreen(page, tab);
    }
  });

  it('an operator signed in with the token also sees the gateway', async () => {
    const page = await browser.newPage();
    await page.goto(`${inject('workerUrl')}/`);
    await page.getByLabel('Token').fill(inject('adminToken'));
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    await page.getByRole('link', { name: 'Open Live Guild' }).click();
    await page.getByRole('link', { name: 'Gateway' }).click();
    await page.getByText(/Overall: ready/).waitFor();
    await captureScreen(page, 'gateway');
  });
});
