// Helpers for tests that go through the real path: the Worker (SELF), its actors, and the Discord simulator
// running in Node (reached over HTTP at its /_sim control routes).

import { SELF } from 'cloudflare:test';
import type { APIMessage } from 'discord-api-types/v10';
import { inject } from 'vitest';
import { CUSTOM_BOT, TEST_ADMIN_TOKEN, TEST_BOT } from '../support/constants';

export { CUSTOM_BOT, TEST_ADMIN_TOKEN, TEST_BOT };

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

/** Which guild each message a member posted (through memberSays) belongs to, so reply checks can force that guild's retry. */
const guildOfMessage = new Map<string, string>();

export async function memberSays(guild: SimGuildInfo, content: string, options: { channelId?: string; userId?: string; username?: string } = {}): Promise<APIMessage> {
  const message = await sim<APIMessage>('/_sim/messages', {
    body: {
      guildId: guild.id,
      channelId: options.channelId ?? guild.channels[0]!.id,
      author: { id: options.userId ?? '200000000000000001', username: options.username ?? 'member' },
      content,
    },
  });
  guildOfMessage.set(message.id, guild.id);
  return message;
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

// ---- fault-injection helpers (test/integration/faults) ------------------------------------------------

/** One shard as GET /api/gateway/status reports it (the fields the fault tests read). */
export interface ShardStatusJson {
  status: string;
  sessionId: string | null;
  sequence: number | null;
  lastHeartbeatAckAt: string | null;
  reconnects: number;
  resumes: number;
  identifies: number;
  lastCloseCode: number | null;
  lastCloseReason: string | null;
  stopReason: string | null;
}

export interface GatewayStatusJson {
  state: string;
  sessionId: string | null;
  sequence: number | null;
  lastHeartbeatAck: string | null;
  reconnects: number;
  lastCloseReason: string | null;
  stopReason: string | null;
  shards: ShardStatusJson[];
}

export async function gatewayStatus(): Promise<GatewayStatusJson> {
  const response = await api('/api/gateway/status');
  if (response.status !== 200) throw new Error(`gateway status → ${response.status}: ${await response.text()}`);
  return response.json<GatewayStatusJson>();
}

/** Polls the status route until `predicate` holds; returns that status. */
export function waitForGatewayStatus(predicate: (status: GatewayStatusJson) => boolean, what: string, timeoutMs = 15_000): Promise<GatewayStatusJson> {
  return waitFor(async () => {
    const status = await gatewayStatus();
    return predicate(status) ? status : null;
  }, what, timeoutMs);
}

export interface SimGatewaySession {
  id: string;
  bot: string;
  connected: boolean;
  resumable: boolean;
  seq: number;
  /** The [shard_id, num_shards] the client identified with (null: unsharded). */
  shard: [number, number] | null;
  resumes: number;
  closes: { code: number; reason: string; by: 'client' | 'server'; at: number }[];
}

export interface SimGatewayState {
  connections: number;
  identifies: number;
  sessions: SimGatewaySession[];
  stopAcks: boolean;
}

/** The simulator's gateway view: open connections, IDENTIFY count, sessions with their resumes and closes. */
export async function simGateway(): Promise<SimGatewayState> {
  return (await sim<{ gateway: SimGatewayState }>('/_sim/state')).gateway;
}

export async function simSession(sessionId: string): Promise<SimGatewaySession> {
  const session = (await simGateway()).sessions.find((s) => s.id === sessionId);
  if (!session) throw new Error(`the simulator has no session ${sessionId}`);
  return session;
}

export type GatewayFaultInput =
  | { action: 'reconnect'; sessionId?: string }
  | { action: 'invalid-session'; resumable: boolean; sessionId?: string }
  | { action: 'close'; code: number; reason?: string; sessionId?: string }
  | { action: 'stop-acks'; value: boolean; sessionId?: string }
  | { action: 'drop'; sessionId?: string }
  | { action: 'request-heartbeat'; sessionId?: string };

export function gatewayFault(fault: GatewayFaultInput): Promise<{ sessions: string[] }> {
  return sim<{ sessions: string[] }>('/_sim/faults/gateway', { body: fault });
}

export interface RestFaultJson {
  method?: string;
  path: string;
  status: number;
  count?: number;
  retryAfter?: number;
  global?: boolean;
}

export function restFault(fault: RestFaultJson): Promise<unknown> {
  return sim('/_sim/faults/rest', { body: fault });
}

export function clearFaults(): Promise<unknown> {
  return sim('/_sim/faults', { method: 'DELETE' });
}

/** A recorded REST call with the time the simulator received it (ms since epoch). */
export interface TimedCall extends RecordedCall {
  at: number;
}

/** Every recorded call whose path is exactly `path` (e.g. one channel's message route). */
export async function callsTo(method: string, path: string): Promise<TimedCall[]> {
  return ((await calls({ method, path })) as TimedCall[]).filter((call) => call.path === path);
}

/** A fresh simulator guild whose knowledge base has one document (added through the admin API). */
export async function guildWithKnowledge(
  name: string,
  channels: string[] = ['general'],
  doc: { title: string; content: string } = {
    title: 'Refund policy',
    content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.',
  },
): Promise<SimGuildInfo> {
  const guild = await createGuild(name, channels);
  const added = await api(`/api/guilds/${guild.id}/knowledge`, { body: doc });
  if (added.status !== 201) throw new Error(`adding knowledge → ${added.status}: ${await added.text()}`);
  return guild;
}

/** A member mentions the bot with `question`. */
export function askBot(guild: SimGuildInfo, question: string, options: { channelId?: string } = {}): Promise<APIMessage> {
  return memberSays(guild, `<@${TEST_BOT.userId}> ${question}`, options);
}

/**
 * Waits for the bot's reply to `messageId`, then forces the guild actor's inbox retry (see forceInboxRetry) so a
 * late duplicate would already be there; returns every reply seen by then. Callers check the exact number.
 */
export async function settledReplies(messageId: string, timeoutMs = 15_000): Promise<RecordedCall[]> {
  await waitFor(async () => (await repliesTo(messageId)).length > 0, `the reply to message ${messageId}`, timeoutMs);
  const guildId = guildOfMessage.get(messageId);
  if (!guildId) throw new Error(`settledReplies: message ${messageId} was not posted with memberSays in this file`);
  await forceInboxRetry(guildId);
  return repliesTo(messageId);
}

/** Replies to `messageId` that Discord accepted (2xx), leaving out failed attempts such as 429s. */
export async function acceptedRepliesTo(messageId: string): Promise<RecordedCall[]> {
  return (await repliesTo(messageId)).filter((call) => call.status >= 200 && call.status < 300);
}

// ---- answer-behaviour helpers (test/integration/answers) ----------------------------------------------

/** The text Herald sends when the knowledge base has nothing on a question (src/answer/offline-answer.ts). */
export const NO_ANSWER_TEXT_FOR_TESTS =
  "I couldn't find anything about that in this server's knowledge base. Try rephrasing your question, or ask a moderator or staff member for help.";

/** PATCH /api/guilds/:id/settings; throws unless 200. Returns the public settings. */
export async function patchSettings(guildId: string, patch: unknown): Promise<Record<string, unknown>> {
  const response = await api(`/api/guilds/${guildId}/settings`, { method: 'PATCH', body: patch });
  if (response.status !== 200) throw new Error(`PATCH settings → ${response.status}: ${await response.text()}`);
  return response.json<Record<string, unknown>>();
}

/** POST /api/guilds/:id/knowledge; throws unless 201. */
export async function addKnowledge(guildId: string, doc: { title: string; content: string }): Promise<void> {
  const response = await api(`/api/guilds/${guildId}/knowledge`, { body: doc });
  if (response.status !== 201) throw new Error(`adding knowledge → ${response.status}: ${await response.text()}`);
}

/** The content of the bot's (single, settled) reply to `messageId`. */
export async function replyContent(messageId: string, timeoutMs = 15_000): Promise<string> {
  const replies = await settledReplies(messageId, timeoutMs);
  if (replies.length !== 1) throw new Error(`expected one reply to ${messageId}, got ${replies.length}`);
  return (replies[0]!.body as { content: string }).content;
}

export interface SimInteractionJson {
  id: string;
  token: string;
  application_id: string;
  type: number;
  data?: { name: string; options?: { name: string; type: number; value: unknown }[] };
}

export interface SignedInteractionJson {
  interaction: SimInteractionJson;
  body: string;
  headers: Record<string, string>;
}

/** Has the simulator sign an interaction (not delivered: the test posts it to the Worker itself). */
export function signInteraction(input: {
  guild: SimGuildInfo;
  channelId?: string;
  user?: { id: string; username: string };
  name?: string;
  question?: string | null;
  applicationId?: string;
  ping?: boolean;
}): Promise<SignedInteractionJson> {
  const name = input.name ?? 'ask';
  const options = input.question === undefined || input.question === null ? [] : [{ name: 'question', type: 3, value: input.question }];
  return sim<SignedInteractionJson>('/_sim/interactions', {
    body: {
      guildId: input.guild.id,
      channelId: input.channelId ?? input.guild.channels[0]!.id,
      user: input.user ?? { id: '200000000000000001', username: 'member' },
      name,
      options,
      ...(input.applicationId ? { applicationId: input.applicationId } : {}),
      ...(input.ping ? { ping: true } : {}),
    },
  });
}

export interface InteractionDelivery {
  status: number;
  /** Parsed JSON response (null when not JSON). */
  json: { type?: number; data?: { content?: string; flags?: number; allowed_mentions?: { parse?: string[] } }; error?: string } | null;
  /** How long the Worker took to answer the interaction request. */
  ms: number;
}

/**
 * Posts a signed interaction to the Worker as Discord would (`path` defaults to the shared bot's endpoint).
 * Playing Discord's part, a 200 response with a message or deferred type is then handed to the simulator's
 * callback route, which is how the simulator learns the interaction was acknowledged (Discord does this
 * itself when the endpoint answers); without it the follow-up webhook stays unknown (10015).
 */
export async function deliverInteraction(
  signed: { interaction: SimInteractionJson; body: string; headers: Record<string, string> },
  path = '/discord/interactions',
): Promise<InteractionDelivery> {
  const started = Date.now();
  const response = await SELF.fetch(`http://herald.test${path}`, { method: 'POST', headers: signed.headers, body: signed.body });
  const ms = Date.now() - started;
  const text = await response.text();
  let json: InteractionDelivery['json'] = null;
  try {
    json = JSON.parse(text) as InteractionDelivery['json'];
  } catch {
    json = null;
  }
  if (response.status === 200 && json && (json.type === 4 || json.type === 5)) {
    const { id, token } = signed.interaction;
    const ack = await fetch(`${inject('simulatorApiBase')}/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    if (!ack.ok) throw new Error(`simulator callback → ${ack.status}: ${await ack.text()}`);
  }
  return { status: response.status, json, ms };
}

/** Accepted (2xx) follow-up webhook posts for one interaction. */
export async function followUps(applicationId: string, interactionToken: string): Promise<RecordedCall[]> {
  const path = `/webhooks/${applicationId}/${interactionToken}`;
  return (await calls({ method: 'POST', path })).filter((call) => call.path === path && call.status >= 200 && call.status < 300);
}

/** Waits for the first accepted follow-up of an interaction; returns its body. */
export async function waitForFollowUp(applicationId: string, interactionToken: string, timeoutMs = 15_000): Promise<RecordedCall> {
  const [first] = await waitFor(async () => {
    const found = await followUps(applicationId, interactionToken);
    return found.length ? found : null;
  }, `the follow-up for interaction ${interactionToken.slice(0, 24)}…`, timeoutMs);
  return first!;
}

/** Messages of a simulator channel, oldest first. */
export function channelMessages(channelId: string): Promise<APIMessage[]> {
  return sim<APIMessage[]>(`/_sim/channels/${channelId}/messages`);
}

/** A short pause for "still not answered" checks, after the marker message was answered. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** GET /api/guilds/:id/conversations. */
export async function conversations(guildId: string): Promise<{ conversationId: string; channelId: string; userId: string; turns: number }[]> {
  const response = await api(`/api/guilds/${guildId}/conversations`);
  if (response.status !== 200) throw new Error(`conversations → ${response.status}: ${await response.text()}`);
  return (await response.json<{ conversations: { conversationId: string; channelId: string; userId: string; turns: number }[] }>()).conversations;
}

// ---- moderation helpers (test/integration/moderation, test/model/moderation-*) -----------------------

/** One entry of GET /api/guilds/:id/moderation-log. */
export interface ModerationLogEntryJson {
  id: string;
  action: string;
  reason: string;
  rule: string;
  userId: string;
  channelId: string;
  messageId: string;
  content: string;
  at: string;
  outcome: string;
  source?: string;
  escalated?: boolean;
  alsoDeleted?: boolean;
}

/** GET /api/guilds/:id/moderation-log (newest first); throws unless 200. */
export async function moderationLog(guildId: string, query = ''): Promise<ModerationLogEntryJson[]> {
  const response = await api(`/api/guilds/${guildId}/moderation-log${query ? `?${query}` : ''}`);
  if (response.status !== 200) throw new Error(`moderation-log → ${response.status}: ${await response.text()}`);
  return (await response.json<{ entries: ModerationLogEntryJson[] }>()).entries;
}

/** Waits for the moderation log entry of `messageId`. */
export function waitForModerationEntry(guildId: string, messageId: string, timeoutMs = 10_000): Promise<ModerationLogEntryJson> {
  return waitFor(async () => (await moderationLog(guildId)).find((entry) => entry.messageId === messageId), `the moderation log entry for message ${messageId}`, timeoutMs);
}

/** POST /api/guilds/:id/moderation-log/:entryId/reverse (the raw response). */
export function reverseModerationEntry(guildId: string, entryId: string): Promise<Response> {
  return api(`/api/guilds/${guildId}/moderation-log/${entryId}/reverse`, { method: 'POST' });
}

/** PATCHes `moderation` with `enabled: true` plus `moderation`; returns the stored moderation settings. */
export async function enableModeration(guildId: string, moderation: Record<string, unknown>): Promise<Record<string, unknown>> {
  const settings = await patchSettings(guildId, { moderation: { enabled: true, ...moderation } });
  return settings.moderation as Record<string, unknown>;
}

export interface UsageJson {
  used: number;
  limit: number;
  exhausted: boolean;
  byKind: { answer: number; moderation: number; proactive: number };
  /** This guild's own share when the quota is shared by an account. */
  guild: { answer: number; moderation: number; proactive: number };
}

/** GET /api/guilds/:id/usage; throws unless 200. */
export async function usageOf(guildId: string): Promise<UsageJson> {
  const response = await api(`/api/guilds/${guildId}/usage`);
  if (response.status !== 200) throw new Error(`usage → ${response.status}: ${await response.text()}`);
  return response.json<UsageJson>();
}

/** Adds a member to a simulator guild (a `permissions` bit string gets them a generated role). */
export function addSimMember(guildId: string, input: { id: string; username: string; roles?: string[]; permissions?: string }): Promise<{ roles: string[] }> {
  return sim<{ roles: string[] }>(`/_sim/guilds/${guildId}/members`, { body: input });
}

/** Creates a role in a simulator guild (GUILD_ROLE_CREATE reaches the bot). */
export function addSimRole(guildId: string, input: { name: string; permissions?: string }): Promise<{ id: string; permissions: string }> {
  return sim<{ id: string; permissions: string }>(`/_sim/guilds/${guildId}/roles`, { body: input });
}

/** The simulator guild's owner id. */
export async function simGuildOwnerId(guildId: string): Promise<string> {
  return (await sim<{ ownerId: string }>(`/_sim/guilds/${guildId}`)).ownerId;
}

/** The simulator guild's current bans (user ids). */
export async function simGuildBans(guildId: string): Promise<string[]> {
  return (await sim<{ bans: { user: { id: string } }[] }>(`/_sim/guilds/${guildId}`)).bans.map((ban) => ban.user.id);
}

/** A member as `memberSays` options. */
export interface SimAuthor {
  userId: string;
  username: string;
}

/**
 * The member asks the bot something in `channelId` and the answer is awaited. One member's messages in one
 * channel are handled in order, so once this is answered everything that member posted there before is done.
 */
export async function drainConversation(guild: SimGuildInfo, author: SimAuthor, channelId = guild.channels[0]!.id): Promise<void> {
  const marker = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { ...author, channelId });
  await settledReplies(marker.id);
}

/** The recorded moderation DELETE of one message (the call's x-audit-log-reason must be set by Herald). */
export async function messageDeletes(channelId: string, messageId: string): Promise<TimedCall[]> {
  return callsTo('DELETE', `/channels/${channelId}/messages/${messageId}`);
}

// ---- live monitoring, takeover and proactive helpers (test/integration/live, test/integration/proactive) --

import { env as workerEnv, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';

/** The guild's GuildActor stub (for runInDurableObject, runDurableObjectAlarm, evictDurableObject). */
export function guildActorStub(guildId: string) {
  return workerEnv.GUILD_ACTOR.get(workerEnv.GUILD_ACTOR.idFromName(guildId));
}

/** Runs one SQL statement in the guild's actor and returns its rows. */
export function actorSql<T extends Record<string, SqlStorageValue>>(guildId: string, query: string, ...bindings: unknown[]): Promise<T[]> {
  return runInDurableObject(guildActorStub(guildId), (_instance, state) => state.storage.sql.exec<T>(query, ...bindings).toArray());
}

export interface TimerRowJson {
  kind: string;
  key: string;
  due_at: number;
}

/** The actor's timer rows (one alarm, many timers), earliest first. */
export function actorTimers(guildId: string): Promise<TimerRowJson[]> {
  return actorSql<{ kind: string; key: string; due_at: number }>(guildId, 'SELECT kind, key, due_at FROM timers ORDER BY due_at');
}

/** The time the actor's single Durable Object alarm is set for (null when none). */
export function actorAlarm(guildId: string): Promise<number | null> {
  return runInDurableObject(guildActorStub(guildId), (_instance, state) => state.storage.getAlarm());
}

/**
 * Makes every takeover look TAKEOVER_TIMEOUT_SECONDS (180 in tests) + 1 s silent, moves the takeover timer rows
 * into the past and runs the actor's alarm. Returns whether an alarm ran.
 */
export async function expireTakeovers(guildId: string): Promise<boolean> {
  const stub = guildActorStub(guildId);
  await runInDurableObject(stub, (_instance, state) => {
    const now = Date.now();
    state.storage.sql.exec('UPDATE takeovers SET last_action_at = ?', now - 181_000);
    state.storage.sql.exec("UPDATE timers SET due_at = ? WHERE kind = 'takeover'", now - 1_000);
  });
  return runDurableObjectAlarm(stub);
}

/** POST /api/guilds/:id/tokens with the operator token; throws unless 201. */
export async function mintGuildToken(guildId: string, role: 'admin' | 'agent'): Promise<string> {
  const response = await api(`/api/guilds/${guildId}/tokens`, { body: { role } });
  if (response.status !== 201) throw new Error(`minting a ${role} token → ${response.status}: ${await response.text()}`);
  return (await response.json<{ token: string }>()).token;
}

/** A server → agent message of the live WebSocket (contract §5), or an `error`. */
export interface LiveEvent {
  type: string;
  conversationId?: string;
  guildId?: string;
  channelId?: string;
  userId?: string;
  author?: string;
  content?: string;
  at?: string;
  by?: string;
  reason?: string;
  error?: string;
}

/** POST /api/guilds/:id/live/ticket with `token` (the raw response: 201 {ticket, expiresAt} or an error). */
export function requestLiveTicket(guildId: string, token: string = TEST_ADMIN_TOKEN): Promise<Response> {
  return api(`/api/guilds/${guildId}/live/ticket`, { method: 'POST', token });
}

/**
 * GET /api/guilds/:id/live; `via` says how the caller authenticates: a bearer header, or (as a browser
 * must) a single-use ticket from POST .../live/ticket in `?ticket=`. When getting the ticket fails, that
 * response is returned. `ticket` sends a given ticket string instead.
 */
export async function openLive(
  guildId: string,
  options: { token?: string | null; via?: 'header' | 'ticket'; ticket?: string; name?: string; upgrade?: boolean } = {},
): Promise<Response> {
  const token = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;
  const query = new URLSearchParams();
  if (options.ticket !== undefined) query.set('ticket', options.ticket);
  else if (token && options.via === 'ticket') {
    const issued = await requestLiveTicket(guildId, token);
    if (issued.status !== 201) return issued;
    query.set('ticket', (await issued.json<{ ticket: string }>()).ticket);
  }
  if (options.name) query.set('name', options.name);
  const headers: Record<string, string> = {};
  if (options.upgrade !== false) headers.Upgrade = 'websocket';
  if (token && options.via !== 'ticket' && options.ticket === undefined) headers.authorization = `Bearer ${token}`;
  const search = query.size ? `?${query}` : '';
  return SELF.fetch(`http://herald.test/api/guilds/${guildId}/live${search}`, { headers });
}

/** An agent's live socket, recording everything the server sends. */
export class LiveAgent {
  readonly events: LiveEvent[] = [];
  closed = false;
  /** The code the server closed the socket with (null while open or when the test closed it). */
  closeCode: number | null = null;

  constructor(readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const data = typeof event.data === 'string' ? event.data : new TextDecoder().decode(event.data as ArrayBuffer);
      this.events.push(JSON.parse(data) as LiveEvent);
    });
    socket.addEventListener('close', (event) => {
      if (!this.closed) this.closeCode = event.code;
      this.closed = true;
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Events received so far matching `predicate`, from index `from` on. */
  matching(predicate: (event: LiveEvent) => boolean, from = 0): LiveEvent[] {
    return this.events.slice(from).filter(predicate);
  }

  /** Waits for the first event (from index `from` on) matching `predicate`. */
  waitForEvent(predicate: (event: LiveEvent) => boolean, what: string, options: { from?: number; timeoutMs?: number } = {}): Promise<LiveEvent> {
    return waitFor(async () => this.matching(predicate, options.from ?? 0)[0], `agent event: ${what}`, options.timeoutMs ?? 10_000);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close(1000, 'test done');
    } catch {
      // Already closed.
    }
  }
}

/** Connects an agent to the guild's live route; throws unless the upgrade succeeds (101). */
export async function connectAgent(guildId: string, token: string, options: { via?: 'header' | 'ticket'; name?: string } = {}): Promise<LiveAgent> {
  const response = await openLive(guildId, { token, via: options.via ?? 'header', name: options.name });
  if (response.status !== 101 || !response.webSocket) throw new Error(`live upgrade → ${response.status}: ${await response.text()}`);
  const socket = response.webSocket;
  socket.accept();
  return new LiveAgent(socket);
}

/** A conversation id as contract §5 has it: one user in one channel. */
export function conversationIdFor(channelId: string, userId: string): string {
  return `${channelId}:${userId}`;
}

/** GET /api/guilds/:id/conversations with `heldBy` (operator token unless `token` is given). */
export async function heldConversations(guildId: string, token?: string): Promise<{ conversationId: string; heldBy: string | null }[]> {
  const response = await api(`/api/guilds/${guildId}/conversations`, { token });
  if (response.status !== 200) throw new Error(`conversations → ${response.status}: ${await response.text()}`);
  return (await response.json<{ conversations: { conversationId: string; heldBy: string | null }[] }>()).conversations;
}

// ---- exact counts and "nothing more was posted" (every integration directory) ---------------------------

/**
 * Forces the guild actor's inbox retry now instead of waiting INBOX_RETRY_MS: the `inbox` timer row is made
 * due and the actor's alarm is run (it returns once the retried events are handled). A check made after this
 * sees anything a late retry would have posted.
 */
export async function forceInboxRetry(guildId: string): Promise<void> {
  const stub = guildActorStub(guildId);
  await runInDurableObject(stub, async (_instance, state) => {
    const now = Date.now();
    state.storage.sql.exec(
      "INSERT INTO timers (kind, key, due_at) VALUES ('inbox', '', ?) ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at",
      now - 1,
    );
    // Set in the future so the runtime does not run it by itself before runDurableObjectAlarm does.
    await state.storage.setAlarm(now + 60_000);
  });
  if (!(await runDurableObjectAlarm(stub))) throw new Error(`the guild actor of ${guildId} had no alarm to run`);
}

/**
 * Waits until the guild actor has taken every one of `messages` into its inbox (their MESSAGE_CREATE event ids
 * are in `seen_events`), then forces the inbox retry, which returns once they are all handled. After this,
 * whatever Herald was going to do about them is done: no sleep, no guess.
 */
export async function handledByGuild(guild: GuildRef, messages: readonly APIMessage[], timeoutMs = 15_000): Promise<void> {
  const guildId = guildIdOf(guild);
  await waitFor(async () => {
    const seen = new Set(
      (await actorSql<{ event_id: string }>(guildId, "SELECT event_id FROM seen_events WHERE event_id LIKE 'message_create:%'")).map((row) => row.event_id.split(':').at(-1)),
    );
    return messages.every((message) => seen.has(message.id));
  }, `the guild actor to receive ${messages.length} message(s)`, timeoutMs);
  await forceInboxRetry(guildId);
}

/** Bot messages (any bot: shared or custom) in `channelId` newer than message `afterId`, oldest first. */
export async function botMessagesAfter(channelId: string, afterId: string): Promise<APIMessage[]> {
  const after = BigInt(afterId);
  return (await channelMessages(channelId)).filter((message) => message.author.bot === true && BigInt(message.id) > after);
}

/** A guild as the helpers below take it: the simulator guild or its id. */
export type GuildRef = SimGuildInfo | string;

function guildIdOf(guild: GuildRef): string {
  return typeof guild === 'string' ? guild : guild.id;
}

/**
 * "Not answered": after the inbox's retry has been forced, no bot message at all was posted in the trigger's
 * channel after it (referencing it or not). Pass `until` (a later marker the bot did answer) to only look at
 * what came before that marker: bot messages after `until` are left out.
 * The trigger must already have reached the guild actor (an agent saw it, a marker after it was answered, its
 * moderation entry exists): the forced retry then waits for its handling to finish.
 */
export async function expectNothingPostedAfter(guild: GuildRef, trigger: APIMessage, options: { until?: APIMessage } = {}): Promise<void> {
  await forceInboxRetry(guildIdOf(guild));
  let posted = await botMessagesAfter(trigger.channel_id, trigger.id);
  if (options.until) {
    const until = BigInt(options.until.id);
    posted = posted.filter((message) => BigInt(message.id) < until);
  }
  if (posted.length > 0) {
    throw new Error(`expected no bot message after ${trigger.id} in ${trigger.channel_id}, got: ${posted.map((m) => JSON.stringify(m.content)).join(', ')}`);
  }
}

/**
 * Waits for the reply to `trigger`, forces the inbox's retry, and then requires exactly `count` accepted
 * replies to it (a duplicate from a retry fails). Returns them.
 */
export async function exactReplies(guild: GuildRef, trigger: APIMessage, count = 1, timeoutMs = 15_000): Promise<RecordedCall[]> {
  await waitFor(async () => (await acceptedRepliesTo(trigger.id)).length >= count, `${count} reply(ies) to message ${trigger.id}`, timeoutMs);
  await forceInboxRetry(guildIdOf(guild));
  const replies = await acceptedRepliesTo(trigger.id);
  if (replies.length !== count) throw new Error(`expected exactly ${count} reply(ies) to ${trigger.id}, got ${replies.length}`);
  return replies;
}

/** The content of the single reply to `trigger` (exactly one, after the forced retry). */
export async function onlyReplyContent(guild: GuildRef, trigger: APIMessage, timeoutMs = 15_000): Promise<string> {
  const [reply] = await exactReplies(guild, trigger, 1, timeoutMs);
  return (reply!.body as { content: string }).content;
}

// ---- escalation collector (test/support/collector.ts) ---------------------------------------------------

export interface CollectedJson {
  path: string;
  headers: Record<string, string>;
  body: unknown;
  at: number;
}

/** What the collector received on `path` (`/webhook` for ESCALATION_WEBHOOK_URL, `/email` for the fake send_email). */
export async function collected(path: '/webhook' | '/email'): Promise<CollectedJson[]> {
  const response = await fetch(`${inject('collectorUrl')}/_collector/requests?path=${encodeURIComponent(path)}`);
  if (!response.ok) throw new Error(`collector → ${response.status}: ${await response.text()}`);
  return response.json<CollectedJson[]>();
}
