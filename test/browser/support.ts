// Helpers for the browser tests: the simulator's control routes, the admin API, Chromium with playwright-core,
// screenshots at two widths, and an axe-core accessibility check of each screen.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const SCREENSHOTS = join(process.cwd(), 'test', 'browser', 'screenshots');
export const WIDTHS = { laptop: 1280, phone: 390 } as const;

export interface SimGuild {
  id: string;
  name: string;
  ownerId: string;
  channels: { id: string; name: string }[];
}

export async function sim<T>(path: string, body?: unknown, method?: string): Promise<T> {
  const response = await fetch(inject('simulatorUrl') + path, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${path} → ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** wrangler dev's answer when it reloaded the Worker during a request (it resends only GET and HEAD itself). */
const DEV_RELOADED = 'Your worker restarted mid-request';

export async function admin<T>(path: string, body?: unknown, method?: string): Promise<T> {
  const send = () =>
    fetch(inject('workerUrl') + path, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${inject('adminToken')}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response = await send();
  if (response.status === 503) {
    const text = await response.text();
    if (!text.startsWith(DEV_RELOADED)) throw new Error(`${path} → 503: ${text}`);
    // As wrangler asks: the same request once more, to the reloaded Worker.
    response = await send();
  }
  if (!response.ok) throw new Error(`${path} → ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** A new simulator guild that the connected bot sees (GUILD_CREATE), with its owner. */
export async function newGuild(name: string): Promise<SimGuild> {
  return sim<SimGuild>('/_sim/guilds', { name, channels: [{ name: 'general' }, { name: 'help' }] });
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export interface SimMessage {
  id: string;
  content: string;
  author: { id: string; bot?: boolean };
  message_reference?: { message_id?: string };
}

export function channelMessages(channelId: string): Promise<SimMessage[]> {
  return sim<SimMessage[]>(`/_sim/channels/${channelId}/messages`);
}

export function memberSays(guild: SimGuild, content: string, author: { id: string; username: string }, channelId = guild.channels[0]!.id): Promise<SimMessage> {
  return sim<SimMessage>('/_sim/messages', { guildId: guild.id, channelId, author, content });
}

/** The bot's reply to `messageId` once it exists. */
export function botReplyTo(channelId: string, messageId: string): Promise<SimMessage> {
  return waitFor(async () => (await channelMessages(channelId)).find((m) => m.author.bot && m.message_reference?.message_id === messageId), `a reply to ${messageId}`);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Signs in with Discord through the simulator's authorize page, as the member `userId`. */
export async function signInWithDiscord(page: Page, userId: string): Promise<void> {
  await page.goto(inject('workerUrl') + '/');
  await page.getByRole('link', { name: 'Sign in with Discord' }).click();
  await page.waitForURL(/\/oauth2\/authorize/);
  await page.locator(`a.signin[data-user-id="${userId}"]`).click();
  await page.waitForURL((url) => url.origin === inject('workerUrl') && !url.pathname.startsWith('/auth'));
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Screenshots at laptop and phone widths, each checked by axe-core: no serious or critical violation. */
export async function captureScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [label, width] of Object.entries(WIDTHS)) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    });
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `${name} at ${label} width`).toEqual([]);
  }
  await page.setViewportSize({ width: WIDTHS.laptop, height: 900 });
}
