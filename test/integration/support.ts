// Helpers for tests that go through the real path: the Worker (SELF), its actors, and the Discord simulator
// running in Node (reached over HTTP at its /_sim control routes).

import { SELF } from 'cloudflare:test';
import type { APIMessage } from 'discord-api-types/v10';
import { inject } from 'vitest';
import { TEST_ADMIN_TOKEN, TEST_BOT } from '../support/constants';

export { TEST_ADMIN_TOKEN, TEST_BOT };

export interface SimGuildInfo {
  id: string;
  name: string;
  channels: { id: string; name: string }[];
}

export interface RecordedCall {
  id: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

export async function sim<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(inject('simulatorUrl') + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`simulator ${path} → ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Calls the Worker like an operator would. */
export function api(path: string, init: { method?: string; body?: unknown; token?: string | null; rawBody?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? TEST_ADMIN_TOKEN : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] = 'application/json';
  return SELF.fetch(`http://herald.test${path}`, {
    method: init.method ?? (init.body === undefined && init.rawBody === undefined ? 'GET' : 'POST'),
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
}

export async function createGuild(name: string, channels: string[] = ['general']): Promise<SimGuildInfo> {
  return sim<SimGuildInfo>('/_sim/guilds', { body: { name, channels: channels.map((channel) => ({ name: channel })) } });
}

export function memberSays(guild: SimGuildInfo, content: string, options: { channelId?: string; userId?: string; username?: string } = {}): Promise<APIMessage> {
  return sim<APIMessage>('/_sim/messages', {
    body: {
      guildId: guild.id,
      channelId: options.channelId ?? guild.channels[0]!.id,
      author: { id: options.userId ?? '200000000000000001', username: options.username ?? 'member' },
      content,
    },
  });
}

export function calls(filter: { method?: string; path?: string } = {}): Promise<RecordedCall[]> {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return sim<RecordedCall[]>(`/_sim/calls?${query}`);
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Bot messages the simulator recorded as replies to `messageId`. */
export async function repliesTo(messageId: string): Promise<RecordedCall[]> {
  const posted = await calls({ method: 'POST', path: '/channels/' });
  return posted.filter((call) => {
    const body = call.body as { message_reference?: { message_id?: string } } | null;
    return call.path.endsWith('/messages') && body?.message_reference?.message_id === messageId;
  });
}

export async function startGatewayAndWait(): Promise<void> {
  const response = await api('/api/gateway/start', { method: 'POST' });
  if (response.status !== 200) throw new Error(`gateway start → ${response.status}: ${await response.text()}`);
  await waitFor(async () => {
    const status = await (await api('/api/gateway/status')).json<{ state: string }>();
    return status.state === 'ready';
  }, 'the gateway to be ready');
}

export async function stopGateway(): Promise<void> {
  await api('/api/gateway/stop', { method: 'POST' });
}
