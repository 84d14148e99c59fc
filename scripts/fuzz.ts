// `npm run fuzz -- [--seed N] [--cases N] [--seconds N] [--port N] [--case I] [--categories a,b]`: throws seeded
// random and malformed admin API requests, interaction posts and gateway frames at Herald running under
// `wrangler dev` (fresh --persist-to folder) against the in-process Discord simulator, all on 127.0.0.1.
// Oracle: no 5xx, the worker keeps serving, the gateway gets back to ready, a seeded guild's settings,
// knowledge and moderation log are unchanged, and credential-less input creates no Durable Object (counted as
// SQLite files under the persist folder after every such case). Prints a summary with a reproduction per bug.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BOT } from './discord-simulator/index.js';
import { CATEGORIES, categoryOf, generateCase, signedHeaders, UNAUTHENTICATED_CATEGORIES, type FuzzCase, type FuzzCategory, type FuzzTarget, type GatewayCase, type HttpCase } from './fuzz/cases.js';
import { emptyCounts, groupFindings, judgeHttp, reproduction, WARNING_KINDS, type Finding } from './fuzz/oracle.js';
import { FuzzRandom } from './fuzz/random.js';
import { intOption, UsageError, wranglerOutputOption, scriptArgs } from './lib/cli.js';
import { portProblem, startDevStack, stopOnSignals, waitForGatewayReady, type DevStack } from './lib/dev-stack.js';

const DEFAULT_CASES = 10_000;
/** Time bound of the case phases (setup and final checks come on top, about 30 s). */
const DEFAULT_SECONDS = 180;
const DEFAULT_PORT = 8799;
/** Operator and signed cases run this many at a time; credential-less ones one at a time (object counting). */
const CONCURRENCY = 4;
const REQUEST_TIMEOUT_MS = 30_000;
/** How long the gateway may take to process a frame and be ready again before that counts as a failure. */
const GATEWAY_RECOVERY_MS = 20_000;
const MARKER_WAIT_MS = 5_000;
// Longer than the shard's retry after a failed delivery (5 s), so a delivery that fails once but not twice is not stuck.
const OUTBOX_DRAIN_MS = 8_000;
const HEALTH_EVERY_CASES = 250;
const PROGRESS_EVERY_CASES = 500;
const HEARTBEAT_INTERVAL_MS = 5_000;
const SCRATCH_GUILDS = 4;

const USAGE = `usage: npm run fuzz -- [options]

  --seed N            seed of the cases (default: random, printed at start)
  --cases N           number of cases (default ${DEFAULT_CASES})
  --seconds N         time bound of the case phases (default ${DEFAULT_SECONDS}); cases left over are skipped and counted
  --port N            port of wrangler dev (default ${DEFAULT_PORT})
  --case I[,J...]     run only these cases of the seed, in this order (a reproduction)
  --categories LIST   comma-separated subset of: ${CATEGORIES.join(', ')}
  --wrangler-output M 'ignore' (default) or 'inherit'
  -h, --help          this text

Exits 0 when no case failed (warnings do not count), 1 otherwise, 2 on bad arguments.`;

interface Options {
  seed: number;
  cases: number;
  seconds: number;
  port: number;
  only: number[] | null;
  categories: FuzzCategory[] | undefined;
  wranglerOutput: 'inherit' | 'ignore';
}

function parseOptions(argv: string[]): Options | 'help' {
  const values = scriptArgs(argv, {
    seed: { type: 'string' },
    cases: { type: 'string' },
    seconds: { type: 'string' },
    port: { type: 'string' },
    case: { type: 'string' },
    categories: { type: 'string' },
    'wrangler-output': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const int = (name: string, value: string | undefined, fallback: number, min: number, max: number): number => intOption(`--${name}`, value, fallback, min, max);
  const categories = values.categories?.split(',').map((c) => c.trim()) as FuzzCategory[] | undefined;
  const unknown = categories?.find((c) => !CATEGORIES.includes(c));
  if (unknown !== undefined) throw new UsageError(`unknown category ${unknown}`);
  const output = wranglerOutputOption(values['wrangler-output']);
  return {
    seed: int('seed', values.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1),
    cases: int('cases', values.cases, DEFAULT_CASES, 1, 10_000_000),
    seconds: int('seconds', values.seconds, DEFAULT_SECONDS, 1, 24 * 3600),
    port: int('port', values.port, DEFAULT_PORT, 1, 65_535),
    only: values.case === undefined ? null : values.case.split(',').map((one) => int('case', one.trim(), 0, 0, 10_000_000)),
    categories,
    wranglerOutput: output,
  };
}

const startedAt = Date.now();
function log(line: string): void {
  console.log(`[fuzz] +${((Date.now() - startedAt) / 1000).toFixed(1)}s ${line}`);
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  let options: Options;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`fuzz: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const busy = await portProblem(options.port);
  if (busy) {
    console.error(`fuzz: ${busy}`);
    return 2;
  }
  log(`seed ${options.seed} (rerun with --seed ${options.seed}), ${options.only === null ? `${options.cases} cases` : `case(s) ${options.only.join(', ')} only`}, at most ${options.seconds} s of cases`);
  const stackPromise = startDevStack({
    workerPort: options.port,
    simulatorPort: 0,
    wranglerOutput: options.wranglerOutput,
    simulator: { heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS, rateLimit: { limit: 100, windowMs: 1000 } },
  });
  const stopper = stopOnSignals(stackPromise, log);
  let stack: DevStack;
  try {
    stack = await stackPromise;
  } catch (error) {
    console.error(`fuzz: the dev stack did not start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    return await new FuzzRun(stack, options).run();
  } finally {
    await stopper.stop();
  }
}

interface Snapshot {
  settings: string;
  knowledge: string;
  moderationLog: string;
}

class FuzzRun {
  private readonly findings: Finding[] = [];
  private readonly ran = emptyCounts(CATEGORIES);
  private readonly planned = emptyCounts(CATEGORIES);
  private readonly statuses = new Map<string, number>();
  private wranglerExit: string | null = null;
  /** Frame kinds (first words of the note) already seen to leave an event stuck in the outbox. */
  private readonly stuckKinds = new Set<string>();
  /** Frame kinds that already left the gateway down: skipped afterwards. */
  private readonly killerKinds = new Set<string>();
  private target!: FuzzTarget;

  constructor(
    private readonly stack: DevStack,
    private readonly options: Options,
  ) {
    stack.wrangler.on('exit', (code, signal) => (this.wranglerExit ??= `wrangler dev exited (code ${code}, signal ${signal})`));
  }

  async run(): Promise<number> {
    const protectedGuild = await this.setup();
    const before = await this.snapshot(protectedGuild);
    log(`seeded guild ${protectedGuild}: ${JSON.parse(before.knowledge).documents.length} document(s), moderation log of ${JSON.parse(before.moderationLog).entries?.length ?? '?'} entr(y/ies)`);

    const indices = this.options.only ?? Array.from({ length: this.options.cases }, (_, i) => i);
    const byPhase: Record<'unauthenticated' | 'authenticated' | 'gateway', number[]> = { unauthenticated: [], authenticated: [], gateway: [] };
    for (const index of indices) {
      const category = categoryOf(this.options.seed, index, this.options.categories);
      this.planned[category]++;
      const phase = category === 'gateway' ? 'gateway' : UNAUTHENTICATED_CATEGORIES.has(category) ? 'unauthenticated' : 'authenticated';
      byPhase[phase].push(index);
    }
    const phaseStart = Date.now();
    const end = phaseStart + this.options.seconds * 1000;
    // Each phase gets the time left in proportion to its share of the cases still to run (a gateway frame takes
    // about four times as long as a request: the runner waits for the shard to process it).
    const weight = { unauthenticated: 1, authenticated: 1, gateway: 4 };
    const order = ['unauthenticated', 'authenticated', 'gateway'] as const;
    const runners = { unauthenticated: this.unauthenticatedPhase, authenticated: this.authenticatedPhase, gateway: this.gatewayPhase };
    for (const [i, phase] of order.entries()) {
      const remaining = order.slice(i).reduce((sum, p) => sum + byPhase[p].length * weight[p], 0);
      const share = (byPhase[phase].length * weight[phase]) / Math.max(1, remaining);
      await runners[phase].call(this, byPhase[phase], Date.now() + (end - Date.now()) * share);
    }
    const phaseSeconds = (Date.now() - phaseStart) / 1000;

    await this.finalChecks(protectedGuild, before);
    this.printSummary(phaseSeconds);
    return this.findings.some((f) => !WARNING_KINDS.has(f.kind)) ? 1 : 0;
  }

  // ---- setup ------------------------------------------------------------------------------------------------

  private async setup(): Promise<string> {
    const sim = this.stack.simulator;
    const protectedGuild = sim.addGuild({ name: 'Fuzz protected', channels: [{ name: 'general' }] });
    const eventGuild = sim.addGuild({ name: 'Fuzz events', channels: [{ name: 'general' }] });
    const r = new FuzzRandom(this.options.seed);
    this.target = {
      adminToken: this.stack.adminToken,
      protectedGuildId: protectedGuild.id,
      scratchGuildIds: Array.from({ length: SCRATCH_GUILDS }, () => r.snowflake()),
      applicationId: DEFAULT_BOT.applicationId,
      botUserId: DEFAULT_BOT.userId,
      eventGuildId: eventGuild.id,
      eventChannelId: eventGuild.channels[0]!.id,
    };
    await this.stack.admin('/api/gateway/start', 'POST');
    await waitForGatewayReady(this.stack, 30_000);
    const g = protectedGuild.id;
    await this.stack.admin(`/api/guilds/${g}/settings`, 'PATCH', {
      moderation: { enabled: true, rules: 'Banned words: fuzzbanned', actions: { delete: true, warn: false, timeout: false, kick: false, ban: false } },
    });
    await this.stack.admin(`/api/guilds/${g}/knowledge`, 'POST', { title: 'Refunds', content: 'Refunds take five business days after we receive the item.' });
    const member = sim.addMember(g, { username: 'rule-breaker' });
    sim.memberSays({ guildId: g, channelId: protectedGuild.channels[0]!.id, author: { id: member.user.id, username: member.user.username }, content: 'this is fuzzbanned talk' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const log = await this.stack.admin<{ entries?: unknown[] }>(`/api/guilds/${g}/moderation-log`);
      if ((log.entries?.length ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error('setup: the seeded guild got no moderation log entry');
      await sleep(200);
    }
    log(`gateway ready; guilds: protected ${g}, events ${eventGuild.id}, scratch ${this.target.scratchGuildIds.join(', ')}`);
    return g;
  }

  private async snapshot(guildId: string): Promise<Snapshot> {
    const get = async (path: string) => JSON.stringify(await this.stack.admin(`/api/guilds/${guildId}/${path}`));
    return { settings: await get('settings'), knowledge: await get('knowledge'), moderationLog: await get('moderation-log') };
  }

  // ---- phases -----------------------------------------------------------------------------------------------

  /** One at a time, counting Durable Objects after each case, so a new object is pinned on its case. */
  private async unauthenticatedPhase(indices: number[], deadline: number): Promise<void> {
    if (indices.length === 0) return;
    log(`credential-less phase: ${indices.length} cases`);
    let objects = countObjects(this.stack.persistTo);
    log(`Durable Objects on disk before: ${describeObjects(objects)}`);
    let done = 0;
    for (const index of indices) {
      if (Date.now() > deadline || this.wranglerExit) break;
      const c = generateCase(this.options.seed, index, this.target, this.options.categories) as HttpCase;
      await this.runHttp(c);
      const now = countObjects(this.stack.persistTo);
      if (now.total > objects.total) {
        const grown = Object.keys(now.byClass).filter((cls) => (now.byClass[cls] ?? 0) > (objects.byClass[cls] ?? 0));
        // One bug per class and entry point: the forged credential is read before any route is matched.
        const route = c.path.startsWith('/discord/') ? '/discord/interactions/:applicationId' : c.path.startsWith('/api') ? 'any /api route' : c.note.split(' ').slice(0, 2).join(' ');
        this.findings.push({
          kind: 'new-object',
          detail: `${describeObjects(objects)} → ${describeObjects(now)}`,
          fuzzCase: c,
          signature: `new-object ${c.category} ${route}: new ${grown.join(', ')}`,
        });
      }
      objects = now;
      if (++done % HEALTH_EVERY_CASES === 0) await this.checkHealth(`after ${done} credential-less cases`);
      if (done % PROGRESS_EVERY_CASES === 0) log(`credential-less phase: ${done} cases`);
    }
    log(`credential-less phase: ${done} cases run; Durable Objects on disk after: ${describeObjects(objects)}`);
  }

  private async authenticatedPhase(indices: number[], deadline: number): Promise<void> {
    if (indices.length === 0) return;
    log(`operator-token and signed-interaction phase: ${indices.length} cases`);
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < indices.length && Date.now() <= deadline && !this.wranglerExit) {
        const index = indices[next++]!;
        await this.runHttp(generateCase(this.options.seed, index, this.target, this.options.categories) as HttpCase);
        if (++done % HEALTH_EVERY_CASES === 0) await this.checkHealth(`after ${done} authenticated cases`);
        if (done % PROGRESS_EVERY_CASES === 0) log(`operator-token and signed-interaction phase: ${done} cases`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    log(`operator-token and signed-interaction phase: ${done} cases run`);
  }

  /** One frame at a time; a marker dispatch after each tells when the shard has processed it. */
  private async gatewayPhase(indices: number[], deadline: number): Promise<void> {
    if (indices.length === 0) return;
    log(`gateway phase: ${indices.length} frames`);
    let done = 0;
    for (const index of indices) {
      if (Date.now() > deadline || this.wranglerExit) break;
      const goOn = await this.runGateway(generateCase(this.options.seed, index, this.target, this.options.categories) as GatewayCase);
      if (++done % HEALTH_EVERY_CASES === 0) {
        await this.checkHealth(`after ${done} gateway frames`);
        if (done % PROGRESS_EVERY_CASES === 0) log(`gateway phase: ${done} frames`);
      }
      if (!goOn) {
        log('gateway phase stopped: the gateway does not come back, even after POST /api/gateway/stop and /start');
        break;
      }
    }
    log(`gateway phase: ${done} frames run`);
  }

  // ---- one case -----------------------------------------------------------------------------------------------

  private async runHttp(c: HttpCase): Promise<void> {
    let request: { headers: Record<string, string>; body: string | null };
    try {
      request = await signedHeaders(c, (timestamp, body) => this.sign(timestamp, body), Date.now());
    } catch (error) {
      this.findings.push({ kind: 'no-response', detail: `could not sign: ${errorText(error)}`, fuzzCase: c });
      return;
    }
    let response: Response;
    try {
      response = await fetch(this.stack.workerUrl + c.path, {
        method: c.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      // Node refuses some requests before sending them (a header it will not send): not the worker's doing.
      if (error instanceof TypeError && error.message !== 'fetch failed') {
        this.count(c, 'not sent');
        return;
      }
      this.count(c, 'no response');
      const healthy = await this.healthy();
      this.findings.push({ kind: healthy ? 'no-response' : 'worker-down', detail: errorText(error), fuzzCase: c });
      return;
    }
    const text = await response.text().catch((error: unknown) => `(body unreadable: ${errorText(error)})`);
    this.count(c, String(response.status));
    this.findings.push(...judgeHttp(c, response.status, response.headers.get('content-type'), text));
  }

  /** Runs one frame; false when the gateway is gone for good and the phase should stop. */
  private async runGateway(c: GatewayCase): Promise<boolean> {
    const before = await this.gatewayStatus();
    // A frame earlier may have left the shard down (already reported): the operator's restart brings it back.
    if ((!before || before.state !== 'ready') && !(await this.waitReady(GATEWAY_RECOVERY_MS)) && !(await this.restartGateway())) return false;
    const kind = c.note.split(' ').slice(0, 3).join(' ');
    // A kind of frame that already took the gateway down is reported; sending it again only costs a restart.
    if (this.killerKinds.has(kind)) {
      this.count(c, 'skipped (kind took the gateway down before)');
      return true;
    }
    const start = (await this.gatewayStatus())!;
    const sent = await this.inject(c.frame);
    if (sent.length === 0) {
      this.count(c, 'no session');
      return true;
    }
    const marker = await this.inject({ dispatch: { t: 'HERALD_FUZZ_MARKER', d: {} } });
    const markerSeq = marker[0]?.seq ?? Number.MAX_SAFE_INTEGER;
    // Processed once the shard has recorded the marker's sequence (a new session would start far below it).
    const isProcessed = (s: GatewayStatus | null) => Boolean(s && (s.sequence ?? 0) >= markerSeq && s.state === 'ready');
    const processedBy = Date.now() + MARKER_WAIT_MS;
    let status = await this.gatewayStatus();
    while (Date.now() < processedBy && !isProcessed(status)) {
      await sleep(10);
      status = await this.gatewayStatus();
    }
    const processed = isProcessed(status);
    if (!processed) {
      const ready = await this.waitReady(GATEWAY_RECOVERY_MS);
      status = await this.gatewayStatus();
      if (!ready) {
        this.findings.push({ kind: 'gateway-not-ready', detail: `state ${status?.state ?? 'unknown'} ${GATEWAY_RECOVERY_MS / 1000} s after the frame (last close: ${status?.lastCloseReason ?? 'none'})`, fuzzCase: c });
        this.count(c, 'not ready');
        this.killerKinds.add(kind);
        return this.restartGateway();
      }
    }
    const reconnected = status !== null && (status.reconnects > start.reconnects || status.sessionId !== start.sessionId);
    if (reconnected) {
      this.findings.push({ kind: 'gateway-reconnected', detail: `session ${start.sessionId} → ${status?.sessionId}, reconnects ${start.reconnects} → ${status?.reconnects} (last close: ${status?.lastCloseReason ?? 'none'})`, fuzzCase: c });
    }
    // A guild event the actor refuses stays in the outbox and is retried for ever. Waiting for the outbox to
    // drain costs time, so each kind of frame is confirmed stuck once and not waited for again.
    const outboxBefore = start.shards[0]?.outbox ?? 0;
    let outbox = status?.shards[0]?.outbox ?? 0;
    if (outbox > outboxBefore && !this.stuckKinds.has(kind)) {
      const drainedBy = Date.now() + OUTBOX_DRAIN_MS;
      while (outbox > outboxBefore && Date.now() < drainedBy) {
        await sleep(50);
        outbox = (await this.gatewayStatus())?.shards[0]?.outbox ?? 0;
      }
      if (outbox > outboxBefore) {
        this.stuckKinds.add(kind);
        this.findings.push({ kind: 'outbox-stuck', detail: `outbox ${outboxBefore} → ${outbox} after ${OUTBOX_DRAIN_MS / 1000} s (later frames of this kind are not waited for)`, fuzzCase: c });
      }
    }
    if (!processed && !reconnected) log(`case ${c.index} (${c.note.slice(0, 80)}): marker not seen in ${MARKER_WAIT_MS / 1000} s; status ${JSON.stringify(status).slice(0, 300)}`);
    this.count(c, reconnected ? 'reconnected' : processed ? 'processed' : 'recovered');
    return true;
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private count(c: FuzzCase, outcome: string): void {
    this.ran[c.category]++;
    const key = `${c.category} ${outcome}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  private async sign(timestamp: string, body: string): Promise<string> {
    const response = await this.simPost('/_sim/fuzz/sign', { timestamp, body });
    return (response as { signature: string }).signature;
  }

  private async inject(frame: GatewayCase['frame']): Promise<{ id: string; seq: number }[]> {
    const response = await this.simPost('/_sim/fuzz/gateway-frame', { applicationId: DEFAULT_BOT.applicationId, ...frame });
    return (response as { sessions: { id: string; seq: number }[] }).sessions;
  }

  private async simPost(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(this.stack.simulator.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${path} → ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  }

  private async gatewayStatus(): Promise<GatewayStatus | null> {
    try {
      const response = await fetch(`${this.stack.workerUrl}/api/gateway/status`, {
        headers: { authorization: `Bearer ${this.stack.adminToken}` },
        signal: AbortSignal.timeout(10_000),
      });
      return response.ok ? ((await response.json()) as GatewayStatus) : null;
    } catch {
      return null;
    }
  }

  /** POST /api/gateway/stop, then /start, as an operator would; true once ready again. */
  private async restartGateway(): Promise<boolean> {
    log('the gateway is not ready: restarting it (POST /api/gateway/stop, /api/gateway/start)');
    try {
      await this.stack.admin('/api/gateway/stop', 'POST');
      await this.stack.admin('/api/gateway/start', 'POST');
    } catch (error) {
      log(`restart failed: ${errorText(error)}`);
      return false;
    }
    return this.waitReady(GATEWAY_RECOVERY_MS);
  }

  private async waitReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.gatewayStatus())?.state === 'ready') return true;
      await sleep(200);
    }
    return false;
  }

  private async healthy(): Promise<boolean> {
    if (this.wranglerExit) return false;
    try {
      return (await fetch(`${this.stack.workerUrl}/healthz`, { signal: AbortSignal.timeout(10_000) })).ok;
    } catch {
      return false;
    }
  }

  private async checkHealth(when: string): Promise<void> {
    if (!(await this.healthy())) this.findings.push({ kind: 'worker-down', detail: `/healthz failed ${when}${this.wranglerExit ? `: ${this.wranglerExit}` : ''}` });
  }

  private async finalChecks(protectedGuild: string, before: Snapshot): Promise<void> {
    await this.checkHealth('at the end');
    if (!(await this.waitReady(GATEWAY_RECOVERY_MS))) {
      const status = await this.gatewayStatus();
      this.findings.push({ kind: 'gateway-not-ready', detail: `at the end: state ${status?.state ?? 'unknown'}, last close ${status?.lastCloseReason ?? 'none'}` });
    }
    if (this.wranglerExit) return;
    const after = await this.snapshot(protectedGuild).catch(() => null);
    if (!after) {
      this.findings.push({ kind: 'data-changed', detail: 'the seeded guild could not be read at the end' });
      return;
    }
    for (const key of ['settings', 'knowledge', 'moderationLog'] as const) {
      if (after[key] !== before[key]) this.findings.push({ kind: 'data-changed', detail: `${key} of ${protectedGuild}: ${before[key].slice(0, 300)} → ${after[key].slice(0, 300)}` });
    }
  }

  private printSummary(phaseSeconds: number): void {
    const out = (line = '') => console.log(line);
    const total = Object.values(this.ran).reduce((a, b) => a + b, 0);
    const planned = Object.values(this.planned).reduce((a, b) => a + b, 0);
    out();
    out('================ fuzz summary ================');
    out(`seed ${this.options.seed}; ${total} of ${planned} cases run in ${phaseSeconds.toFixed(1)} s${total < planned ? ' (time bound reached: raise --seconds for the rest)' : ''}`);
    out('cases per category (run / planned):');
    for (const category of CATEGORIES) if (this.planned[category] > 0) out(`  ${category.padEnd(28)} ${this.ran[category]} / ${this.planned[category]}`);
    out('outcomes (category, status):');
    for (const [key, count] of [...this.statuses.entries()].sort()) out(`  ${key.padEnd(44)} ${count}`);
    const failures = this.findings.filter((f) => !WARNING_KINDS.has(f.kind));
    const warnings = this.findings.filter((f) => WARNING_KINDS.has(f.kind));
    const section = (title: string, list: Finding[]) => {
      const groups = groupFindings(list);
      out(`${title}: ${list.length} case(s), ${groups.length} distinct`);
      for (const group of groups) {
        out(`- [${group.count}×] ${group.signature}`);
        out(`    ${group.example.detail.replace(/\s+/g, ' ').slice(0, 300)}`);
        if (group.example.fuzzCase) {
          out(`    case ${group.example.fuzzCase.index}: ${group.example.fuzzCase.note.slice(0, 200)}${group.count > 1 ? ' (the smallest of its kind)' : ''}`);
          out(`    ${reproduction(group.example.fuzzCase, this.options.seed, this.options.categories)}`);
        }
      }
    };
    section('FAILURES', failures);
    section('warnings', warnings);
    out(failures.length === 0 ? 'result: PASS' : 'result: FAIL');
  }
}

interface GatewayStatus {
  state: string;
  sessionId: string | null;
  sequence: number | null;
  reconnects: number;
  lastCloseReason: string | null;
  shards: { outbox: number }[];
}

interface ObjectCount {
  total: number;
  byClass: Record<string, number>;
}

/** SQLite files of Durable Objects under wrangler's persist folder (v3/do/<script>-<Class>/<id>.sqlite). */
function countObjects(root: string): ObjectCount {
  const byClass: Record<string, number> = {};
  let total = 0;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.sqlite') && path.includes(`${join('v3', 'do')}`)) {
        const cls = dir.split(/[\\/]/).pop() ?? '?';
        byClass[cls] = (byClass[cls] ?? 0) + 1;
        total++;
      }
    }
  };
  walk(root);
  return { total, byClass };
}

function describeObjects(count: ObjectCount): string {
  const parts = Object.entries(count.byClass).map(([cls, n]) => `${cls} ${n}`);
  return `${count.total} (${parts.join(', ') || 'none'})`;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('fuzz: failed:', error);
    process.exit(1);
  },
);
