// The simulator's chat page: a person opens a post in a forum (title + first message), lands in the post's
// thread, and sees Herald's answer there.

import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { admin, launch, SCREENSHOTS, sim, waitFor } from './support.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('chat page forums', () => {
  it('posts in a forum and shows the answer in the post', async () => {
    const guild = await sim<{ id: string; channels: { id: string; name: string }[] }>('/_sim/guilds', {
      name: 'Forum Chat Guild',
      channels: [{ name: 'general' }, { name: 'help', type: 15, tags: [{ name: 'Solved', emoji: '✅' }] }],
    });
    const forumId = guild.channels[1]!.id;
    await admin(`/api/guilds/${guild.id}/knowledge`, { title: 'Password reset', content: 'To reset your password open Settings, choose Security and press Reset password.' });

    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${inject('simulatorUrl')}/`);
    await page.locator(`#guild option[value="${guild.id}"]`).waitFor({ state: 'attached' });
    await page.selectOption('#guild', guild.id);
    await page.locator(`#channel option[value="${forumId}"]`).waitFor({ state: 'attached' });
    await page.selectOption('#channel', forumId);
    await page.getByText('No posts yet').waitFor();
    await page.getByLabel('Post title').fill('Password reset');
    await page.fill('#text', 'Where do I reset my password?');
    await page.press('#text', 'Enter');

    // The page switches to the new post's thread, where Herald answers.
    await page.getByText('choose Security and press Reset password').waitFor({ timeout: 20_000 });
    const threads = await waitFor(async () => {
      const state = await sim<{ guilds: { id: string; threads: { id: string; parent_id: string; name: string }[] }[] }>('/_sim/state');
      const list = state.guilds.find((g) => g.id === guild.id)?.threads ?? [];
      return list.length > 0 ? list : null;
    }, 'the forum post');
    expect(threads[0]).toMatchObject({ parent_id: forumId, name: 'Password reset' });
    expect(await page.inputValue('#channel')).toBe(threads[0]!.id);
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-forum-post.png') });

    // Back in the forum, the post is listed with Herald's answer counted (the page reads the state again on the switch).
    await page.selectOption('#channel', forumId);
    await page.locator('.post', { hasText: 'Password reset' }).filter({ hasText: '1 reply' }).waitFor({ timeout: 2_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-forum-list.png') });
  });
});
