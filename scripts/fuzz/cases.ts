// The fuzzer's case generators, shared by `npm run fuzz` (Node, against wrangler dev) and the smoke test
// (workerd, through SELF.fetch): admin API requests, interaction posts and gateway frames. Case `i` of seed `s`
// is always the same case (each case has a PRNG of its own), so any failure replays with `--case i`.
import { FuzzRandom } from './random.js';
import { breakJson, deepJson, hugeJson, junkValue, mutateObject, NUMBER_TEXTS, oddString } from './values.js';

export type FuzzCategory =
  | 'admin-no-auth'
  | 'admin-forged-guild-token'
  | 'admin-operator'
  | 'interaction-unsigned'
  | 'interaction-bad-signature'
  | 'interaction-signed'
  | 'gateway';

export const CATEGORIES: readonly FuzzCategory[] = [
  'admin-no-auth',
  'admin-forged-guild-token',
  'admin-operator',
  'interaction-unsigned',
  'interaction-bad-signature',
  'interaction-signed',
  'gateway',
];

/** Input that carries no valid credential: it must never get a 2xx or create a Durable Object. */
export const UNAUTHENTICATED_CATEGORIES: ReadonlySet<FuzzCategory> = new Set([
  'admin-no-auth',
  'admin-forged-guild-token',
  'interaction-unsigned',
  'interaction-bad-signature',
]);

const CATEGORY_WEIGHTS: readonly (readonly [number, FuzzCategory])[] = [
  [30, 'admin-no-auth'],
  [10, 'admin-forged-guild-token'],
  [24, 'admin-operator'],
  [7, 'interaction-unsigned'],
  [7, 'interaction-bad-signature'],
  [12, 'interaction-signed'],
  [10, 'gateway'],
];

/** What the cases aim at. */
export interface FuzzTarget {
  adminToken: string;
  /** Its settings, knowledge and moderation log must be unchanged: only credential-less cases name it. */
  protectedGuildId: string;
  /** Guilds the operator-token cases may change (and create). */
  scratchGuildIds: readonly string[];
  /** The shared bot's application and user id. */
  applicationId: string;
  botUserId: string;
  /** A guild and text channel the bot is in: gateway frames and signed interactions use them. */
  eventGuildId: string;
  eventChannelId: string;
}

export interface HttpCase {
  kind: 'http';
  index: number;
  category: FuzzCategory;
  /** Short description of the variant, for the summary. */
  note: string;
  method: string;
  /** Path and query, relative to the worker's origin. */
  path: string;
  headers: Record<string, string>;
  body: string | null;
  /** `valid`: sign with the simulator's key; `tampered`: sign, then change the body by one character. */
  sign: 'valid' | 'tampered' | null;
}

export type GatewayFrame = { raw: string } | { dispatch: { t: string; d: unknown } };

export interface GatewayCase {
  kind: 'gateway';
  index: number;
  category: 'gateway';
  note: string;
  frame: GatewayFrame;
}

export type FuzzCase = HttpCase | GatewayCase;

export function categoryOf(seed: number, index: number, only?: readonly FuzzCategory[]): FuzzCategory {
  const r = FuzzRandom.forCase(seed, index);
  const weights = only ? CATEGORY_WEIGHTS.filter(([, category]) => only.includes(category)) : CATEGORY_WEIGHTS;
  return r.weighted(weights);
}

/** Case `index` of `seed`; `only` restricts the categories it may be drawn from. */
export function generateCase(seed: number, index: number, target: FuzzTarget, only?: readonly FuzzCategory[]): FuzzCase {
  const category = categoryOf(seed, index, only);
  // A second stream for the case's content, so restricting categories does not change a category's cases.
  const r = FuzzRandom.forCase(seed ^ 0x5bd1e995, index);
  switch (category) {
    case 'admin-no-auth':
    case 'admin-forged-guild-token':
    case 'admin-operator':
      return adminCase(r, index, category, target);
    case 'interaction-unsigned':
    case 'interaction-bad-signature':
    case 'interaction-signed':
      return interactionCase(r, index, category, target);
    case 'gateway':
      return gatewayCase(r, index, target);
  }
}

/** encodeURIComponent that survives lone surrogates (it throws on them). */
function encodeText(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

// ---- admin API ---------------------------------------------------------------------------------------------

interface RouteTemplate {
  method: string;
  path: string;
  body?: (r: FuzzRandom, t: FuzzTarget) => unknown;
  /** Operator cases leave it alone: it would disturb the run itself (the gateway) rather than test input. */
  operatorSkips?: boolean;
}

/** The worker's routes (README and contract §3, §7), each with a plausible body to corrupt. */
export const ROUTES: readonly RouteTemplate[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'POST', path: '/api/gateway/start', operatorSkips: true },
  { method: 'POST', path: '/api/gateway/stop', operatorSkips: true },
  { method: 'GET', path: '/api/gateway/status' },
  { method: 'GET', path: '/api/install' },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/guilds/:g/settings' },
  { method: 'PATCH', path: '/api/guilds/:g/settings', body: settingsBody },
  { method: 'GET', path: '/api/guilds/:g/knowledge' },
  { method: 'POST', path: '/api/guilds/:g/knowledge', body: (r) => ({ title: 'Refunds', content: 'Refunds take 5 days. '.repeat(r.int(1, 20)) }) },
  { method: 'DELETE', path: '/api/guilds/:g/knowledge/:id' },
  { method: 'GET', path: '/api/guilds/:g/conversations' },
  { method: 'GET', path: '/api/guilds/:g/moderation-log' },
  { method: 'POST', path: '/api/guilds/:g/moderation-log/:id/reverse' },
  { method: 'GET', path: '/api/guilds/:g/usage' },
  { method: 'GET', path: '/api/guilds/:g/proactive' },
  { method: 'POST', path: '/api/guilds/:g/proactive/send-now' },
  { method: 'GET', path: '/api/guilds/:g/live' },
  { method: 'GET', path: '/api/guilds/:g/tokens' },
  { method: 'POST', path: '/api/guilds/:g/tokens', body: (r) => ({ role: r.pick(['admin', 'agent']), label: 'fuzz' }) },
  { method: 'DELETE', path: '/api/guilds/:g/tokens/:id' },
  {
    method: 'POST',
    path: '/api/guilds/:g/moderation/preview',
    body: (r) => ({ rules: 'No spam. Banned words: crypto-scam', message: { content: 'buy crypto-scam now', userId: r.snowflake(), roleIds: [] } }),
  },
  { method: 'GET', path: '/api/guilds/:g/knowledge/sources' },
  { method: 'POST', path: '/api/guilds/:g/knowledge/sources', body: (r) => ({ url: r.pick(['http://127.0.0.1:9/x', 'notaurl', 'file:///etc/passwd']), kind: r.pick(['page', 'sitemap']), refreshHours: 24 }) },
  { method: 'DELETE', path: '/api/guilds/:g/knowledge/sources/:id' },
  { method: 'POST', path: '/api/guilds/:g/knowledge/sources/:id/sync' },
  { method: 'GET', path: '/api/guilds/:g/insights' },
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/auth/login' },
  { method: 'GET', path: '/auth/callback' },
  { method: 'POST', path: '/auth/logout' },
];

function settingsBody(r: FuzzRandom): unknown {
  const fields: Record<string, () => unknown> = {
    responseMode: () => r.pick(['mention', 'all', 'ask', 'ALL', '', 1]),
    smartMode: () => r.pick([true, false, 'true', 0]),
    channelAwareness: () => r.pick([true, 'yes']),
    channels: () => r.pick([[], [r.snowflake()], 'general', [1, 2], Array.from({ length: 600 }, () => r.snowflake())]),
    moderation: () => ({
      enabled: r.pick([true, false, 'on']),
      rules: r.pick(['No spam.', oddString(r), 42]),
      actions: r.pick([{ delete: true, ban: 'yes' }, { timeout: true }, [], null]),
      timeoutMinutes: r.pick([10, -1, 2.5, 1e21, 40321, '10']),
      dryRun: r.pick([true, null]),
      exemptRoleIds: r.pick([[], ['x'], null]),
      review: r.pick([{ enabled: true, channelId: r.snowflake(), from: 'kick' }, { from: 'nuke' }, 1]),
      automod: r.pick([true, 'x']),
    }),
    proactive: () => ({ enabled: r.pick([true, 1]), channel: r.pick(['general', '', null]), frequency: r.pick(['2h', 'daily', 'hourly', 3]), topics: oddString(r) }),
    plan: () => r.pick(['starter', 'standard', 'pro', 'enterprise', null]),
    accountId: () => r.pick([null, 'acct-1', 5, '']),
    monthlyLimit: () => r.pick([null, 0, -5, 2.5, 1e21, '100']),
    escalationEmail: () => r.pick([null, 'ops@example.com', 'not-an-email', 'a@b'.repeat(200)]),
    customBot: () => r.pick([null, { applicationId: r.snowflake(), publicKey: r.hex(32), botToken: 'x' }, { applicationId: 'x' }, 'bot']),
    agentRoleIds: () => r.pick([[], [r.snowflake()], [null]]),
    forums: () => r.pick([{ enabled: true, channelIds: [] }, { channelIds: 'x' }]),
    autoThread: () => r.pick([true, 'no']),
    feedback: () => r.pick([false, 2]),
    tickets: () => r.pick([{ enabled: true, channelId: null, staffRoleIds: [] }, { enabled: true, channelId: 'abc' }]),
    unknownField: () => junkValue(r),
  };
  const out: Record<string, unknown> = {};
  for (let i = r.int(1, 4); i > 0; i--) {
    const name = r.pick(Object.keys(fields));
    out[name] = fields[name]!();
  }
  return out;
}

// Only methods workerd parses: it answers others (a lowercase 'patch', PROPFIND) with 501 before the worker runs.
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const QUERY_KEYS = ['limit', 'before', 'days', 'applicationId', 'guildId', 'token', 'name', 'code', 'state', 'since', 'id'];

function guildIdFor(r: FuzzRandom, category: FuzzCategory, t: FuzzTarget): string {
  const scratch = r.pick(t.scratchGuildIds);
  // Operator cases never name the protected guild in any spelling: they may legitimately change what they name.
  const base = category === 'admin-operator' ? scratch : r.weighted([[4, t.protectedGuildId], [3, r.snowflake()], [2, scratch]] as const);
  return r.weighted([
    [14, base],
    [1, base + '/'],
    [1, encodeURIComponent(base).replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`)],
    [1, '0' + base],
    [1, base.slice(0, 10)],
    [1, '9'.repeat(r.int(22, 400))],
    [1, r.pick(['abc', '-1', '2.5', '1e309', 'NaN', '%00', '..', '%2e%2e', '', ' ', '@me', 'null', '__proto__'])],
    [1, encodeText(oddString(r).slice(0, 200))],
  ] as const);
}

function fillPath(r: FuzzRandom, template: string, category: FuzzCategory, t: FuzzTarget): string {
  let path = template
    .replace(':g', guildIdFor(r, category, t))
    .replace(':id', () => r.pick(['1', '0', '-1', '2.5', '1e309', 'NaN', r.snowflake(), r.hex(16), '9'.repeat(40), '%00', encodeText(oddString(r).slice(0, 50))]));
  // Path mutations: what a router must not trip over.
  switch (r.weighted([[12, 0], [1, 1], [1, 2], [1, 3], [1, 4], [1, 5], [1, 6]] as const)) {
    case 1:
      path += '/';
      break;
    case 2:
      path = path.replace(/\//g, '//');
      break;
    case 3:
      path = path.toUpperCase();
      break;
    case 4:
      path += '/' + r.pick(['x', '..', '%2F', 'extra/segment', '.json']);
      break;
    case 5:
      path = path.replace('/api/', '/api/../api/');
      break;
    case 6:
      path += '/' + 'a'.repeat(r.int(1_000, 8_000));
      break;
  }
  return path;
}

function queryString(r: FuzzRandom, t: FuzzTarget, category: FuzzCategory): string {
  if (!r.chance(0.4)) return '';
  const parts: string[] = [];
  for (let i = r.int(1, 5); i > 0; i--) {
    const key = r.pick(QUERY_KEYS);
    const value = r.weighted([
      [4, r.pick(NUMBER_TEXTS)],
      [2, r.snowflake()],
      [1, ''],
      [1, encodeText(oddString(r).slice(0, 500))],
      [1, '%ZZ'],
      // A guild token in ?token= (the live route reads it) is a credential too: forged ones only.
      [1, `hg_${category === 'admin-operator' ? r.pick(t.scratchGuildIds) : t.protectedGuildId}_${r.hex(24)}`],
    ] as const);
    parts.push(r.weighted([[6, `${key}=${value}`], [1, key], [1, `${key}[]=${value}`], [1, `${key}=${value}&${key}=${r.pick(NUMBER_TEXTS)}`]] as const));
  }
  if (r.chance(0.1)) parts.push('&&=&');
  return '?' + parts.join('&');
}

/** An Authorization value that is not a valid credential (the operator's token changed, or something else). */
function badOperatorAuth(r: FuzzRandom, t: FuzzTarget): string | null {
  const token = t.adminToken;
  return r.weighted([
    [3, null],
    [1, 'Bearer'],
    [1, 'Bearer '],
    [1, `Basic ${btoa(`admin:${token}`)}`],
    [1, `Token ${token}`],
    [1, `Bearer ${token.slice(0, -1)}`],
    [1, `Bearer ${token}x`],
    [1, `Bearer ${token.toUpperCase()}`],
    [1, `Bearer x${token}`],
    [1, `Bearer ${token} ${token}`],
    [1, `Bearer ${'A'.repeat(r.int(100, 8_000))}`],
    [1, `Bearer ${r.hex(32)}`],
    [1, `Bearer\t${r.hex(8)}`],
  ] as const);
}

/** `hg_<snowflake>_<48 hex>` (a well-formed guild token nobody minted) and near misses. */
function forgedGuildToken(r: FuzzRandom, t: FuzzTarget): string {
  const guild = r.weighted([[3, t.protectedGuildId], [5, r.snowflake()], [2, r.pick(t.scratchGuildIds)]] as const);
  return r.weighted([
    [8, `hg_${guild}_${r.hex(24)}`],
    [1, `hg_${guild}_${r.hex(24).toUpperCase()}`],
    [1, `hg_${guild}_${r.hex(23)}`],
    [1, `hg_${'1'.repeat(r.int(10, 30))}_${r.hex(24)}`],
    [1, `hg_${guild}_${r.hex(24)}_extra`],
  ] as const);
}

function adminCase(r: FuzzRandom, index: number, category: FuzzCategory, t: FuzzTarget): HttpCase {
  const routes = category === 'admin-operator' ? ROUTES.filter((route) => !route.operatorSkips) : ROUTES;
  const route = r.pick(routes);
  const notes: string[] = [route.method + ' ' + route.path];
  let method = r.chance(0.75) ? route.method : r.pick(METHODS);
  // An operator's write to a scratch guild is allowed; a write that lands on the protected guild is not, so
  // operator cases only write to the paths they were built for.
  if (category === 'admin-operator' && method.toUpperCase() !== route.method && !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) method = 'GET';
  const path = fillPath(r, route.path, category, t) + queryString(r, t, category);
  const headers: Record<string, string> = {};
  if (category === 'admin-operator') {
    headers.authorization = `${r.pick(['Bearer', 'bearer', 'BEARER'])} ${t.adminToken}`;
  } else if (category === 'admin-forged-guild-token') {
    headers.authorization = `Bearer ${forgedGuildToken(r, t)}`;
  } else {
    const auth = badOperatorAuth(r, t);
    if (auth !== null) headers.authorization = auth;
  }
  if (r.chance(0.1)) headers.cookie = r.pick(['herald_session=' + r.hex(32), 'herald_session=', 'a=b; herald_session=..', 'herald_session=' + 'x'.repeat(4000)]);
  if (r.chance(0.1)) headers.origin = r.pick(['http://evil.example', 'null', 'http://127.0.0.1']);
  if (r.chance(0.05)) headers['x-forwarded-for'] = '127.0.0.1, ' + r.pick(['::1', 'junk']);
  if (r.chance(0.05)) headers['x-custom-' + r.int(0, 9)] = 'v'.repeat(r.int(1, 6_000));
  const body = ['GET', 'HEAD'].includes(method.toUpperCase()) ? null : bodyFor(r, route, t, notes);
  if (body !== null) {
    headers['content-type'] = r.weighted([[8, 'application/json'], [1, 'text/plain'], [1, 'application/json; charset=utf-16'], [1, 'multipart/form-data; boundary=x'], [1, 'application/x-www-form-urlencoded']] as const);
  }
  return { kind: 'http', index, category, note: notes.join(' '), method, path, headers, body, sign: null };
}

function bodyFor(r: FuzzRandom, route: RouteTemplate, t: FuzzTarget, notes: string[]): string | null {
  const plausible = route.body ? route.body(r, t) : {};
  const shape = r.weighted([[4, 'plausible'], [3, 'mutated'], [2, 'broken'], [1, 'junk'], [1, 'deep'], [0.2, 'huge'], [1, 'empty']] as const);
  notes.push(`body:${shape}`);
  switch (shape) {
    case 'plausible':
      return JSON.stringify(plausible);
    case 'mutated': {
      const root = plausible !== null && typeof plausible === 'object' ? (plausible as Record<string, unknown>) : { value: plausible };
      notes.push(...mutateObject(r, root, r.int(1, 3)));
      return JSON.stringify(root);
    }
    case 'broken':
      return breakJson(r, JSON.stringify(plausible));
    case 'junk':
      return JSON.stringify(junkValue(r));
    case 'deep':
      return deepJson(r);
    case 'huge':
      return hugeJson(r);
    case 'empty':
      return r.pick(['', null]);
  }
}

// ---- interactions ------------------------------------------------------------------------------------------

/** A plausible `/ask` (or another interaction type) for the event guild, before any corruption. */
function interactionTemplate(r: FuzzRandom, t: FuzzTarget): Record<string, unknown> {
  const userId = r.snowflake();
  const type = r.weighted([[6, 2], [2, 1], [2, 3], [1, 4], [1, 5]] as const);
  const data: Record<number, unknown> = {
    1: undefined,
    2: { id: r.snowflake(), name: r.pick(['ask', 'ask', 'help', '']), type: 1, options: [{ name: 'question', type: 3, value: r.pick(['how do refunds work?', oddString(r)]) }] },
    3: { custom_id: r.pick(['herald:feedback:up:1', 'herald:human:1', 'herald:' + oddString(r).slice(0, 80), 'other']), component_type: 2 },
    4: { id: r.snowflake(), name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: 'ref', focused: true }] },
    5: { custom_id: 'herald:modal', components: [] },
  };
  return {
    id: r.snowflake(),
    application_id: r.chance(0.9) ? t.applicationId : r.snowflake(),
    type,
    token: `fuzz-interaction.${r.hex(16)}`,
    version: 1,
    guild_id: r.weighted([[6, t.eventGuildId], [2, r.snowflake()], [1, 'abc']] as const),
    channel_id: t.eventChannelId,
    channel: { id: t.eventChannelId, type: 0 },
    member: { user: { id: userId, username: 'fuzzer', discriminator: '0' }, roles: [], permissions: '0' },
    ...(data[type] === undefined ? {} : { data: data[type] }),
    message: type === 3 ? { id: r.snowflake(), channel_id: t.eventChannelId } : undefined,
    locale: 'en-US',
  };
}

function interactionBody(r: FuzzRandom, t: FuzzTarget, notes: string[]): string {
  const shape = r.weighted([[3, 'plausible'], [5, 'mutated'], [2, 'broken'], [1, 'junk'], [1, 'deep'], [0.2, 'huge']] as const);
  notes.push(`body:${shape}`);
  const template = interactionTemplate(r, t);
  notes.push(`type:${String(template.type)}`);
  switch (shape) {
    case 'plausible':
      return JSON.stringify(template);
    case 'mutated':
      notes.push(...mutateObject(r, template, r.int(1, 3)));
      return JSON.stringify(template);
    case 'broken':
      return breakJson(r, JSON.stringify(template));
    case 'junk':
      return JSON.stringify(junkValue(r));
    case 'deep':
      return deepJson(r);
    case 'huge':
      return hugeJson(r);
  }
}

function interactionCase(r: FuzzRandom, index: number, category: FuzzCategory, t: FuzzTarget): HttpCase {
  const notes: string[] = [];
  const appPath = r.weighted([
    [8, ''],
    [1, `/${t.applicationId}`],
    [1, `/${r.snowflake()}`],
    [1, '/'],
    [1, `/${r.pick(['abc', '1e309', '-1', '9'.repeat(30)])}`],
  ] as const);
  const method = r.chance(0.9) ? 'POST' : r.pick(METHODS);
  const path = `/discord/interactions${appPath}` + (r.chance(0.1) ? `?${r.pick(QUERY_KEYS)}=${r.pick(NUMBER_TEXTS)}` : '');
  notes.push(`${method} /discord/interactions${appPath ? '/…' : ''}`);
  const headers: Record<string, string> = { 'content-type': r.chance(0.9) ? 'application/json' : 'text/plain' };
  let sign: HttpCase['sign'] = null;
  if (category === 'interaction-signed') {
    sign = 'valid';
  } else if (category === 'interaction-bad-signature') {
    const variant = r.weighted([[3, 'random'], [2, 'tampered'], [1, 'short'], [1, 'non-hex'], [1, 'no-timestamp'], [1, 'empty']] as const);
    notes.push(`sig:${variant}`);
    if (variant === 'tampered') sign = 'tampered';
    else {
      headers['x-signature-ed25519'] = variant === 'random' ? r.hex(64) : variant === 'short' ? r.hex(r.int(0, 63)) : variant === 'non-hex' ? 'zz'.repeat(64) : variant === 'empty' ? '' : r.hex(64);
      if (variant !== 'no-timestamp') headers['x-signature-timestamp'] = r.pick([String(Math.floor(Date.now() / 1000)), '0', '-1', '', 'abc', '9'.repeat(30)]);
    }
  } else {
    const variant = r.weighted([[4, 'none'], [1, 'timestamp-only'], [1, 'signature-only']] as const);
    notes.push(`sig:${variant}`);
    if (variant === 'timestamp-only') headers['x-signature-timestamp'] = String(Math.floor(Date.now() / 1000));
    if (variant === 'signature-only') headers['x-signature-ed25519'] = r.hex(64);
  }
  const body = ['GET', 'HEAD'].includes(method.toUpperCase()) ? null : interactionBody(r, t, notes);
  return { kind: 'http', index, category, note: notes.join(' '), method, path, headers, body, sign };
}

// ---- gateway -----------------------------------------------------------------------------------------------

const DISPATCH_TYPES: readonly (readonly [number, string])[] = [
  [10, 'MESSAGE_CREATE'],
  [3, 'MESSAGE_UPDATE'],
  [2, 'GUILD_CREATE'],
  [2, 'GUILD_UPDATE'],
  [1, 'GUILD_DELETE'],
  [1, 'GUILD_ROLE_CREATE'],
  [1, 'GUILD_ROLE_UPDATE'],
  [1, 'GUILD_ROLE_DELETE'],
  [1, 'INTERACTION_CREATE'],
  [1, 'THREAD_CREATE'],
  [1, 'CHANNEL_CREATE'],
  [1, 'MESSAGE_DELETE'],
  [1, 'MESSAGE_REACTION_ADD'],
  [1, 'AUTO_MODERATION_ACTION_EXECUTION'],
  [1, 'READY'],
  [1, 'RESUMED'],
  [1, 'HERALD_UNKNOWN_EVENT'],
];

function messageTemplate(r: FuzzRandom, t: FuzzTarget): Record<string, unknown> {
  const authorId = r.snowflake();
  return {
    id: r.snowflake(),
    channel_id: t.eventChannelId,
    guild_id: t.eventGuildId,
    author: { id: authorId, username: 'fuzzer', discriminator: '0', global_name: null, avatar: null },
    member: { roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    content: r.pick([`<@${t.botUserId}> how do refunds work?`, 'hello there', oddString(r), '']),
    timestamp: '2026-01-01T00:00:00.000Z',
    edited_timestamp: r.chance(0.3) ? '2026-01-01T00:01:00.000Z' : null,
    tts: false,
    mention_everyone: false,
    mentions: r.chance(0.5) ? [{ id: t.botUserId, username: 'Herald', discriminator: '0', global_name: null, avatar: null, bot: true }] : [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
  };
}

function dispatchData(r: FuzzRandom, type: string, t: FuzzTarget): Record<string, unknown> {
  switch (type) {
    case 'MESSAGE_CREATE':
    case 'MESSAGE_UPDATE':
      return messageTemplate(r, t);
    case 'GUILD_CREATE':
    case 'GUILD_UPDATE':
      return { id: t.eventGuildId, name: 'Fuzz', owner_id: r.snowflake(), roles: [{ id: t.eventGuildId, permissions: '0', name: '@everyone' }], channels: [], members: [] };
    case 'GUILD_DELETE':
      return { id: r.snowflake(), unavailable: r.chance(0.5) };
    case 'GUILD_ROLE_CREATE':
    case 'GUILD_ROLE_UPDATE':
      return { guild_id: t.eventGuildId, role: { id: r.snowflake(), permissions: r.pick(['8', '0', 'abc']), name: 'r' } };
    case 'GUILD_ROLE_DELETE':
      return { guild_id: t.eventGuildId, role_id: r.snowflake() };
    case 'READY':
      return { v: 10, user: { id: t.botUserId, username: 'Herald' }, guilds: [], session_id: r.hex(16), resume_gateway_url: 'ws://127.0.0.1:9/gateway', application: { id: t.applicationId } };
    case 'RESUMED':
      return {};
    default:
      return { id: r.snowflake(), guild_id: t.eventGuildId, channel_id: t.eventChannelId };
  }
}

const RAW_FRAMES = [
  '',
  'not json',
  '{',
  'null',
  '[]',
  '"hello"',
  '42',
  '{}',
  '{"op":"0"}',
  '{"op":null,"d":{}}',
  '{"op":99,"d":null}',
  '{"op":-1}',
  '{"op":1.5}',
  '{"op":0}',
  '{"op":0,"t":null,"s":null,"d":null}',
  '{"op":0,"t":"MESSAGE_CREATE","s":null}',
  '{"op":0,"t":"MESSAGE_CREATE","s":null,"d":null}',
  '{"op":0,"t":"MESSAGE_CREATE","s":null,"d":{"id":1e309,"guild_id":1e309}}',
  '{"op":11}',
  '{"op":11,"d":"x"}',
  '{"op":2,"d":{"token":"x"}}',
  '{"op":6,"d":{}}',
  '{"op":10,"d":null}',
  '{"op":10,"d":{"heartbeat_interval":"x"}}',
  '{"op":9,"d":"maybe"}',
  '\ufeff{"op":11}',
];

function gatewayCase(r: FuzzRandom, index: number, t: FuzzTarget): GatewayCase {
  const shape = r.weighted([[3, 'raw'], [1, 'deep'], [0.3, 'huge'], [2, 'junk-d'], [6, 'mutated'], [2, 'plausible']] as const);
  if (shape === 'raw') {
    const raw = r.pick(RAW_FRAMES);
    return { kind: 'gateway', index, category: 'gateway', note: `raw ${raw.slice(0, 40) || '(empty)'}`, frame: { raw } };
  }
  if (shape === 'deep') return { kind: 'gateway', index, category: 'gateway', note: 'raw deep JSON', frame: { raw: `{"op":0,"t":"MESSAGE_CREATE","s":null,"d":${deepJson(r)}}` } };
  const type = r.weighted(DISPATCH_TYPES);
  if (shape === 'junk-d') return { kind: 'gateway', index, category: 'gateway', note: `${type} junk d`, frame: { dispatch: { t: type, d: junkValue(r) } } };
  const d = dispatchData(r, type, t);
  const notes = [type, shape];
  if (shape === 'huge') {
    d.content = r.pick(['a', '€', ' ']).repeat(r.int(100_000, 1_200_000));
  } else if (shape === 'mutated') {
    // Shapes the worker must survive: the author gone, the guild id of another type, nested junk.
    const special = r.weighted([[3, 'fields'], [1, 'no-author'], [1, 'author-null'], [1, 'guild-id'], [1, 'no-id'], [1, 'content-type']] as const);
    notes.push(special);
    if (special === 'fields') notes.push(...mutateObject(r, d, r.int(1, 3)));
    if (special === 'no-author') delete d.author;
    if (special === 'author-null') d.author = null;
    if (special === 'guild-id') d.guild_id = r.pick([null, 42, '', 'abc', '9'.repeat(40), r.snowflake(), ['x']]);
    if (special === 'no-id') delete d.id;
    if (special === 'content-type') d.content = r.pick([null, 42, ['x'], { a: 1 }, true]);
  }
  return { kind: 'gateway', index, category: 'gateway', note: notes.join(' '), frame: { dispatch: { t: type, d } } };
}

/** Headers of a signed interaction, given the signer (the simulator's /_sim/fuzz/sign or its key). */
export async function signedHeaders(
  c: HttpCase,
  sign: (timestamp: string, body: string) => Promise<string>,
  now: number,
): Promise<{ headers: Record<string, string>; body: string | null }> {
  if (c.sign === null || c.body === null) return { headers: c.headers, body: c.body };
  const timestamp = String(Math.floor(now / 1000));
  const signature = await sign(timestamp, c.body);
  // Tampered: the signature is Discord's for one body, the request carries another.
  const body = c.sign === 'tampered' ? (c.body.length > 0 ? c.body.slice(0, -1) + (c.body.endsWith(' ') ? '\t' : ' ') : ' ') : c.body;
  return { headers: { ...c.headers, 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }, body };
}
