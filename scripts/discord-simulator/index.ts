// Entry point of the Discord simulator: one HTTP server for REST (/api), the gateway (WebSocket /gateway),
// the /_sim control routes and the chat page.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGuildForumChannel, APIGuildMember, APIMessage, APIRole, APITextChannel, APIThreadChannel } from 'discord-api-types/v10';
import { SimActions, type SimConfigView, type SimMessageView, type WaitForMessageOptions } from './actions.js';
import { CHAT_PAGE } from './chat-page.js';
import type { SimContext } from './context.js';
import { ControlApi } from './control.js';
import { handleFuzzControl } from './fuzz-control.js';
import { GatewayServer } from './gateway.js';
import { sendJson } from './http-util.js';
import { AppSigners, DEFAULT_SIGNING_SEED_HEX } from './interactions.js';
import { OAuthApi } from './oauth.js';
import { RestApi } from './rest.js';
import { DEFAULT_RATE_LIMITS, mergeRateLimits, type RateLimitInput } from './rest-limits.js';
import { SimStore } from './store.js';
import type {
  AddChannelInput,
  AddGuildInput,
  ForumPostInput,
  StartThreadInput,
  AddMemberInput,
  AddRoleInput,
  CallFilter,
  CreateInteractionInput,
  EditRoleInput,
  GatewayFault,
  GuildSnapshot,
  MemberSaysInput,
  OverwriteInput,
  RecordedCall,
  ResolvedOptions,
  RestFault,
  RestFaultInput,
  SignedInteraction,
  SimBot,
  SimStateSnapshot,
  SimulatorOptions,
} from './types.js';

export type * from './types.js';
export type { SimConfigView, SimMessageView, WaitForMessageOptions } from './actions.js';
export { SIM_CLIENT_SECRET } from './oauth.js';
export { DEFAULT_RATE_LIMITS, type RateLimitConfig, type RateLimitInput } from './rest-limits.js';

export const DEFAULT_BOT: SimBot = {
  token: 'sim-bot-token',
  applicationId: '100000000000000001',
  userId: '100000000000000001',
  username: 'Herald',
};

export interface DiscordSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/api/v10' */
  apiBase: string;
  /** ws://127.0.0.1:PORT/gateway, as returned by GET /gateway/bot */
  gatewayUrl: string;
  /** Hex Ed25519 public key of the first bot's application (its verify_key). */
  publicKey: string;
  /** Hex Ed25519 public key of any simulated application: each signs its interactions with its own key. */
  publicKeyOf(applicationId: string): string;
  close(): Promise<void>;
  state(): SimStateSnapshot;
  addGuild(input: AddGuildInput): GuildSnapshot;
  addMember(guildId: string, input: AddMemberInput): APIGuildMember;
  addRole(guildId: string, input: AddRoleInput): APIRole;
  addChannel(guildId: string, input: AddChannelInput): APITextChannel | APIGuildForumChannel;
  /** A member opens a forum post (THREAD_CREATE, then MESSAGE_CREATE of its first message, which has the thread's id). */
  forumPost(input: ForumPostInput): { thread: APIThreadChannel; message: APIMessage };
  /** A member starts a thread from a message or without one. */
  startThread(input: StartThreadInput): APIThreadChannel;
  editRole(guildId: string, roleId: string, input: EditRoleInput): APIRole;
  /** Sets (`null`: removes) a channel permission overwrite for a role or member id. */
  setOverwrite(channelId: string, overwriteId: string, input: OverwriteInput | null): APITextChannel | APIGuildForumChannel;
  memberSays(input: MemberSaysInput): APIMessage;
  messages(channelId: string): SimMessageView[];
  waitForMessage(channelId: string, options?: WaitForMessageOptions): Promise<SimMessageView>;
  calls(filter?: CallFilter): RecordedCall[];
  reset(): void;
  gatewayFault(fault: GatewayFault): { sessions: string[] };
  restFault(fault: RestFaultInput): RestFault;
  clearFaults(): void;
  createInteraction(input: CreateInteractionInput): Promise<SignedInteraction>;
  /** Makes an interaction `ms` older (ack deadline and token lifetime tests). */
  ageInteraction(interactionId: string, ms: number): { id: string; createdAt: number };
  /** Current run-time config, and changes to it (as GET / POST /_sim/config). */
  config(): SimConfigView;
  configure(input: { recommendedShards?: number; rateLimits?: RateLimitInput | null }): SimConfigView;
  /** Calls `listener` with each message created from now on (the bench times replies with it); returns the unsubscribe. */
  onMessageCreate(listener: (message: APIMessage) => void): () => void;
}

function resolveOptions(opts: SimulatorOptions): ResolvedOptions {
  const bots = opts.bots && opts.bots.length > 0 ? opts.bots.map((b) => ({ ...b })) : [{ ...DEFAULT_BOT }];
  const tokens = new Set(bots.map((b) => b.token));
  if (tokens.size !== bots.length) throw new Error('bot tokens must be unique');
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
    bots,
    recommendedShards: opts.recommendedShards ?? 1,
    rateLimits: mergeRateLimits(DEFAULT_RATE_LIMITS, opts.rateLimit ?? {}),
    resumeWindowMs: opts.resumeWindowMs ?? 5 * 60_000,
    signingSeedHex: opts.signingSeedHex ?? DEFAULT_SIGNING_SEED_HEX,
  };
}

export async function startDiscordSimulator(opts: SimulatorOptions = {}): Promise<DiscordSimulator> {
  const options = resolveOptions(opts);
  const store = new SimStore(options.bots);
  const urls = { url: '', apiBase: '', gatewayUrl: '' };
  const ctx: SimContext = {
    store,
    opts: options,
    signers: new AppSigners(options.signingSeedHex, options.bots),
    urls,
    gateway: new GatewayServer(store, options, () => urls.gatewayUrl),
  };
  const rest = new RestApi(ctx);
  const actions = new SimActions(ctx, rest);
  const control = new ControlApi(actions, store);
  const oauth = new OAuthApi(store);

  const server = createServer((req, res) => void route(req, res));
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // OAuth2 (sign-in for the dashboard) uses Bearer tokens of users, not of bots: its own handler.
      if (oauth.handles(req, url.pathname)) return await oauth.handle(req, res, url);
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return await rest.handle(req, res, url);
      if (url.pathname.startsWith('/_sim/fuzz/')) return await handleFuzzControl(ctx, req, res, url);
      if (url.pathname === '/_sim' || url.pathname.startsWith('/_sim/')) return await control.handle(req, res, url);
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(CHAT_PAGE);
        return;
      }
      sendJson(res, 404, { message: '404: Not Found', code: 0 });
    } catch (error) {
      console.error('[discord-simulator] request failed:', error);
      if (!res.headersSent) sendJson(res, 500, { message: '500: Internal Server Error', code: 0 });
      else res.end();
    }
  }
  server.on('upgrade', (req, socket, head) => {
    if (!ctx.gateway.handleUpgrade(req, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // IPv6 literals need brackets inside URLs.
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  urls.url = `http://${host}:${port}`;
  urls.apiBase = `${urls.url}/api/v10`;
  urls.gatewayUrl = `ws://${host}:${port}/gateway`;

  let closed: Promise<void> | null = null;
  return {
    url: urls.url,
    apiBase: urls.apiBase,
    gatewayUrl: urls.gatewayUrl,
    publicKey: ctx.signers.publicKey(options.bots[0]?.applicationId ?? ''),
    publicKeyOf: (applicationId) => ctx.signers.publicKey(applicationId),
    close() {
      closed ??= (async () => {
        await ctx.gateway.close();
        // SSE streams and keep-alive sockets would otherwise hold server.close() open.
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closed;
    },
    state: () => actions.state(),
    addGuild: (input) => actions.addGuild(input),
    addMember: (guildId, input) => actions.addMember(guildId, input),
    addRole: (guildId, input) => actions.addRole(guildId, input),
    addChannel: (guildId, input) => actions.addChannel(guildId, input),
    forumPost: (input) => actions.threads.forumPost(input),
    startThread: (input) => actions.threads.startThread(input),
    editRole: (guildId, roleId, input) => actions.editRole(guildId, roleId, input),
    setOverwrite: (channelId, overwriteId, input) => actions.setOverwrite(channelId, overwriteId, input),
    memberSays: (input) => {
      // In-process callers get a message or an error; over HTTP, /_sim/messages answers with the block itself.
      const said = actions.memberSays(input);
      if ('blocked' in said) throw new Error(`blocked by AutoMod rule ${said.ruleId} (${said.ruleName})`);
      return said;
    },
    messages: (channelId) => actions.messages(channelId),
    waitForMessage: (channelId, options) => actions.waitForMessage(channelId, options),
    calls: (filter) => actions.calls(filter),
    reset: () => actions.reset(),
    gatewayFault: (fault) => actions.gatewayFault(fault),
    restFault: (fault) => actions.restFault(fault),
    clearFaults: () => actions.clearFaults(),
    createInteraction: (input) => actions.createInteraction(input),
    ageInteraction: (id, ms) => actions.ageInteraction(id, ms),
    config: () => actions.config(),
    configure: (input) => actions.configure(input as Record<string, unknown>),
    onMessageCreate(listener) {
      const onChange = (event: { kind: string; channelId: string; messageId: string }) => {
        if (event.kind !== 'message_create') return;
        // The new message is almost always the channel's last: no scan of the history per message.
        const messages = store.channels.get(event.channelId)?.messages;
        const last = messages?.at(-1);
        const stored = last?.message.id === event.messageId ? last : store.findMessage(event.channelId, event.messageId);
        if (stored) listener(stored.message);
      };
      store.events.on('change', onChange);
      return () => store.events.off('change', onChange);
    },
  };
}
