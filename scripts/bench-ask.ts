// `npm run bench:ask -- [--requests 1000] [--concurrency 4] [--warmup 20] [--port 8798]`: latency of Herald's two
// answer paths against the in-process Discord simulator and `wrangler dev` (offline answerer):
//   1. `/ask` over HTTP interactions: signed interaction → deferred acknowledgement (type 5), and the time until
//      the answer reaches the simulator through the follow-up webhook;
//   2. a member mentioning the bot → the bot's reply appearing in the channel.
// Both run closed-loop with `--concurrency` workers (each waits for its answer before the next request), after
// a warm-up. Prints a table (count, p50, p90, p99, max, mean, throughput, errors); exits 1 when any failed.

import { DEMO_KNOWLEDGE } from './demo/knowledge.js';
import { DEFAULT_BOT, type DiscordSimulator, type RecordedCall } from './discord-simulator/index.js';
import { DEFAULT_SIGNING_SEED_HEX, InteractionSigner } from './discord-simulator/interactions.js';
import { intOption, UsageError, wranglerOutputOption, scriptArgs } from './lib/cli.js';
import { portProblem, startDevStack, stopOnSignals, waitForGatewayReady, type DevStack } from './lib/dev-stack.js';
import { renderTable, type ScenarioResult } from './bench/stats.js';
import { QUESTIONS } from './soak/corpus.js';

const USAGE = `usage: npm run bench:ask -- [options]

  --requests N         measured requests per scenario (default 1000)
  --concurrency N      requests in flight per scenario (default 4)
  --warmup N           unmeasured requests per scenario first (default 20)
  --port N             port of wrangler dev (default 8798)
  --wrangler-output M  'ignore' (default) or 'inherit'
  -h, --help           this text

Exits 0 when every request succeeded, 1 otherwise, 2 on bad arguments.`;

const MENTION = `<@${DEFAULT_BOT.userId}>`;
const REPLY_TIMEOUT_MS = 15_000;
/** Interaction response types (Discord API v10). */
const DEFERRED_CHANNEL_MESSAGE = 5;

interface BenchOptions {
  requests: number;
  concurrency: number;
  warmup: number;
  port: number;
  wranglerOutput: 'inherit' | 'ignore';
}

function parseOptions(argv: string[]): BenchOptions | 'help' {
  const values = scriptArgs(argv, {
    requests: { type: 'string' },
    concurrency: { type: 'string' },
    warmup: { type: 'string' },
    port: { type: 'string' },
    'wrangler-output': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const int = intOption;
  const output = wranglerOutputOption(values['wrangler-output']);
  return {
    requests: int('--requests', values.requests, 1000, 1, 100_000),
    concurrency: int('--concurrency', values.concurrency, 4, 1, 64),
    warmup: int('--warmup', values.warmup, 20, 0, 10_000),
    port: int('--port', values.port, 8798, 1, 65535),
    wranglerOutput: output,
  };
}

// ---- setup --------------------------------------------------------------------------------------------

interface BenchGuild {
  id: string;
  /** Channels for /ask interactions. */
  askChannels: string[];
  /** Channels for mentions: each mention worker owns two, so concurrent replies never interleave in one. */
  mentionChannels: string[];
  users: { id: string; username: string }[];
}

const startedAt = Date.now();
const log = (line: string) => console.log(`[bench] +${((Date.now() - startedAt) / 1000).toFixed(1)}s ${line}`);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function setUp(stack: DevStack, options: BenchOptions): Promise<BenchGuild> {
  const sim = stack.simulator;
  const askChannels = Array.from({ length: options.concurrency }, (_, i) => ({ name: `ask-${i + 1}` }));
  const mentionChannels = Array.from({ length: options.concurrency * 2 }, (_, i) => ({ name: `support-${i + 1}` }));
  const guild = sim.addGuild({ name: 'Herald Bench', channels: [...askChannels, ...mentionChannels] });
  const users = Array.from({ length: 8 }, (_, i) => {
    const member = sim.addMember(guild.id, { username: `bench-member-${i + 1}` });
    return { id: member.user.id, username: member.user.username };
  });
  for (const doc of DEMO_KNOWLEDGE) await stack.admin(`/api/guilds/${guild.id}/knowledge`, 'POST', doc);
  const byName = new Map(guild.channels.map((c) => [c.name, c.id]));
  return {
    id: guild.id,
    askChannels: askChannels.map((c) => byName.get(c.name)!),
    mentionChannels: mentionChannels.map((c) => byName.get(c.name)!),
    users,
  };
}

// ---- scenario runner ------------------------------------------------------------------------------------

/** Runs `count` tasks with `concurrency` workers; each task gets its global index and its worker's index. */
async function pool(count: number, concurrency: number, task: (index: number, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async (_, worker) => {
      for (let index = next++; index < count; index = next++) await task(index, worker);
    }),
  );
}

class ErrorLog {
  readonly counts = new Map<string, number>();
  readonly examples: string[] = [];
  add(scenario: string, what: string): void {
    const key = `${scenario}: ${what.replace(/\d{15,}/g, '<id>').slice(0, 160)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.examples.length < 10) this.examples.push(`${scenario}: ${what}`);
  }
  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }
}

// ---- 1. /ask over HTTP interactions -----------------------------------------------------------------------

/**
 * Watches the simulator's recorded REST calls for follow-up POSTs (`/webhooks/<app>/<token>`), scanning only
 * calls it has not seen. Resolves a waiter with the wall-clock time (the simulator's stamp) of the first
 * successful POST for its token; counts the refused ones (e.g. 10015 before the acknowledgement landed).
 */
class FollowUpWatcher {
  private cursor: number;
  private readonly prefix = `/webhooks/${DEFAULT_BOT.applicationId}/`;
  private readonly answered = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  private timer: NodeJS.Timeout | null = null;
  refused = 0;
  refusedTokens = new Map<string, number>();

  constructor(private readonly sim: DiscordSimulator) {
    this.cursor = sim.calls().at(-1)?.id ?? 0;
  }

  /** Resolves with the simulator's timestamp of the answer, or rejects after `timeoutMs`. */
  wait(token: string, timeoutMs: number): Promise<number> {
    this.scan();
    const at = this.answered.get(token);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.waiters.delete(token);
        this.idle();
        const refused = this.refusedTokens.get(token) ?? 0;
        reject(new Error(`no answer through the follow-up webhook within ${timeoutMs / 1000} s (the simulator refused ${refused} POST(s) for it)`));
      }, timeoutMs);
      this.waiters.set(token, (answeredAt) => {
        clearTimeout(timeout);
        resolve(answeredAt);
      });
      this.timer ??= setInterval(() => this.scan(), 2);
    });
  }

  private scan(): void {
    const calls: RecordedCall[] = this.sim.calls({ method: 'POST', path: this.prefix, since: this.cursor });
    for (const call of calls) {
      if (call.status === 0) break; // still being handled: look again next tick
      this.cursor = call.id;
      const token = call.path.slice(this.prefix.length);
      if (call.status >= 200 && call.status < 300) {
        if (this.answered.has(token)) continue;
        this.answered.set(token, call.at);
        const waiter = this.waiters.get(token);
        if (waiter) {
          this.waiters.delete(token);
          waiter(call.at);
        }
      } else {
        this.refused++;
        this.refusedTokens.set(token, (this.refusedTokens.get(token) ?? 0) + 1);
      }
    }
    this.idle();
  }

  private idle(): void {
    if (this.waiters.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

interface AskPhase {
  ack: ScenarioResult;
  answer: ScenarioResult;
  /** Follow-up POSTs the simulator refused (10015 unknown webhook: sent before the acknowledgement landed). */
  refusedFollowUps: number;
}

/**
 * Closed loop: each of `concurrency` workers sends a signed `/ask`, times the worker's HTTP answer (must be
 * the deferred type 5), then waits for the answer on the follow-up webhook before sending its next one.
 */
async function runAsk(
  stack: DevStack,
  guild: BenchGuild,
  count: number,
  concurrency: number,
  errors: ErrorLog,
  label: string,
  offset: number,
): Promise<AskPhase> {
  const sim = stack.simulator;
  const endpoint = `${stack.workerUrl}/discord/interactions`;
  const watcher = new FollowUpWatcher(sim);
  const ackLatencies: number[] = [];
  const answerLatencies: number[] = [];
  let ackErrors = 0;
  let answerErrors = 0;
  const phaseStart = performance.now();

  await pool(count, concurrency, async (index, worker) => {
    const n = offset + index;
    const channelId = guild.askChannels[worker % guild.askChannels.length]!;
    const user = guild.users[n % guild.users.length]!;
    const question = QUESTIONS[n % QUESTIONS.length]!;
    let token: string;
    let sentAtWall: number;
    try {
      const signed = await sim.createInteraction({
        guildId: guild.id,
        channelId,
        user,
        name: 'ask',
        options: [{ name: 'question', type: 3, value: question }],
      });
      const interaction = signed.interaction as { id: string; token: string };
      token = interaction.token;
      sentAtWall = Date.now();
      const t0 = performance.now();
      const response = await fetch(endpoint, { method: 'POST', headers: signed.headers, body: signed.body });
      const text = await response.text();
      const elapsed = performance.now() - t0;
      let type: unknown;
      try {
        type = (JSON.parse(text) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (response.status !== 200 || type !== DEFERRED_CHANNEL_MESSAGE) {
        ackErrors++;
        answerErrors++;
        errors.add(`${label} ack`, `HTTP ${response.status}, type ${String(type)}: ${text.slice(0, 200)}`);
        return;
      }
      ackLatencies.push(elapsed);
      // Discord's side of the exchange: the HTTP response is the interaction's acknowledgement, which shows the
      // "thinking…" message and opens the follow-up webhook. The simulator learns of it only through its callback
      // route when the harness (not the simulator) delivered the interaction, so tell it here.
      const callback = await fetch(`${sim.apiBase}/interactions/${interaction.id}/${interaction.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      if (callback.status !== 204) {
        answerErrors++;
        errors.add(`${label} answer`, `simulator callback answered ${callback.status}: ${(await callback.text()).slice(0, 200)}`);
        return;
      }
    } catch (error) {
      ackErrors++;
      answerErrors++;
      errors.add(`${label} ack`, errorText(error));
      return;
    }
    try {
      const answeredAt = await watcher.wait(token, REPLY_TIMEOUT_MS);
      answerLatencies.push(answeredAt - sentAtWall);
    } catch (error) {
      answerErrors++;
      errors.add(`${label} answer`, errorText(error));
    }
  });
  const wallMs = performance.now() - phaseStart;
  return {
    ack: { name: '/ask → deferred ack (HTTP 200, type 5)', attempted: count, latencies: ackLatencies, errors: ackErrors, wallMs },
    answer: { name: '/ask → answer via follow-up webhook', attempted: count, latencies: answerLatencies, errors: answerErrors, wallMs },
    refusedFollowUps: watcher.refused,
  };
}

// ---- 2. mention → reply -----------------------------------------------------------------------------------

interface MissedMention {
  messageId: string;
  channelId: string;
  postedAt: number;
}

interface MentionPhase {
  result: ScenarioResult;
  missed: MissedMention[];
}

async function runMentions(
  stack: DevStack,
  guild: BenchGuild,
  count: number,
  concurrency: number,
  errors: ErrorLog,
  label: string,
  offset: number,
): Promise<MentionPhase> {
  const sim = stack.simulator;
  const latencies: number[] = [];
  const missed: MissedMention[] = [];
  let failed = 0;
  const perWorker = new Map<number, number>();
  const phaseStart = performance.now();
  await pool(count, concurrency, async (index, worker) => {
    const n = offset + index;
    const round = perWorker.get(worker) ?? 0;
    perWorker.set(worker, round + 1);
    // Worker w alternates between its own two channels; no other worker posts there.
    const channelId = guild.mentionChannels[worker + concurrency * (round % 2)]!;
    const user = guild.users[n % guild.users.length]!;
    const question = QUESTIONS[n % QUESTIONS.length]!;
    let message: { id: string; timestamp: string } | null = null;
    try {
      const t0 = performance.now();
      message = sim.memberSays({ guildId: guild.id, channelId, author: user, content: `${MENTION} ${question}` });
      const reply = await sim.waitForMessage(channelId, { after: message.id, authorId: DEFAULT_BOT.userId, timeoutMs: REPLY_TIMEOUT_MS });
      const elapsed = performance.now() - t0;
      if (reply.message_reference?.message_id !== message.id) {
        failed++;
        errors.add(`${label}`, `bot message ${reply.id} references ${reply.message_reference?.message_id ?? 'nothing'}, expected ${message.id}`);
        return;
      }
      latencies.push(elapsed);
    } catch (error) {
      failed++;
      errors.add(`${label}`, errorText(error));
      if (message) missed.push({ messageId: message.id, channelId, postedAt: Date.parse(message.timestamp) });
    }
  });
  return {
    result: { name: 'mention → reply in channel', attempted: count, latencies, errors: failed, wallMs: performance.now() - phaseStart },
    missed,
  };
}

/** What became of each mention that got no reply in time: Herald's POSTs for it, and any late reply. */
function describeMissed(sim: DiscordSimulator, missed: readonly MissedMention[]): string[] {
  return missed.slice(0, 10).map((m) => {
    const posts = sim
      .calls({ method: 'POST', path: `/channels/${m.channelId}/messages` })
      .filter((c) => (c.body as { message_reference?: { message_id?: string } } | null)?.message_reference?.message_id === m.messageId)
      .map((c) => `${c.status}@${isoTime(c.at)}`);
    const late = sim.messages(m.channelId).filter((r) => r.author.id === DEFAULT_BOT.userId && r.message_reference?.message_id === m.messageId);
    return (
      `    - message ${m.messageId} in channel ${m.channelId}, posted ${isoTime(m.postedAt)}: ` +
      `Herald POSTs replying to it: ${posts.join(' ') || 'none'}; ` +
      `replies now: ${late.length ? late.map((r) => `${r.id}@${isoTime(Date.parse(r.timestamp))}`).join(' ') : 'none'}`
    );
  });
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

interface GatewayCounts {
  identifies: number;
  resumes: number;
  closes: { code: number; by: string; at: number }[];
}

/** The shared bot's gateway sessions as the simulator saw them. */
function gatewayCounts(sim: DiscordSimulator): GatewayCounts {
  const sessions = sim.state().gateway.sessions.filter((s) => s.bot === DEFAULT_BOT.applicationId);
  return {
    identifies: sessions.reduce((sum, s) => sum + s.identifies, 0),
    resumes: sessions.reduce((sum, s) => sum + s.resumes, 0),
    closes: sessions.flatMap((s) => s.closes),
  };
}

// ---- main -------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
    await assertPortFree(options.port);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }

  // startDevStack takes its vars before it starts the simulator, so the key comes from the same fixed seed
  // the simulator signs with (checked against the running simulator below).
  const publicKey = new InteractionSigner(DEFAULT_SIGNING_SEED_HEX).publicKey;
  log(`starting the dev stack (worker port ${options.port}); ${options.requests} requests per scenario, concurrency ${options.concurrency}, warm-up ${options.warmup}`);
  let stack: DevStack | null = null;
  const stackPromise = startDevStack({
    workerPort: options.port,
    simulatorPort: 0,
    wranglerOutput: options.wranglerOutput,
    simulator: { heartbeatIntervalMs: 41_250, rateLimit: { limit: 10_000, windowMs: 1000, globalPerSecond: 10_000 }, signingSeedHex: DEFAULT_SIGNING_SEED_HEX },
    vars: { DISCORD_PUBLIC_KEY: publicKey },
  });
  const stopper = stopOnSignals(stackPromise, log);
  const stopStack = stopper.stop;

  try {
    stack = await stackPromise;
  } catch (error) {
    console.error(`bench: the dev stack did not start: ${errorText(error)}`);
    return 1;
  }
  let wranglerGone: string | null = null;
  stack.wrangler.on('exit', (code, signal) => {
    if (!stopper.stopping()) {
      wranglerGone = `wrangler dev exited unexpectedly (code ${code}, signal ${signal})`;
      log(wranglerGone);
    }
  });
  try {
    if (stack.simulator.publicKey !== publicKey) throw new Error(`simulator key ${stack.simulator.publicKey} differs from the expected ${publicKey}`);
    return await run(stack, options, () => wranglerGone);
  } finally {
    await stopStack();
  }
}

async function run(stack: DevStack, options: BenchOptions, wranglerGone: () => string | null): Promise<number> {
  const stackReadyMs = Date.now() - startedAt;
  const guild = await setUp(stack, options);
  await stack.admin('/api/gateway/start', 'POST');
  await waitForGatewayReady(stack, 30_000);
  log(`stack ready in ${(stackReadyMs / 1000).toFixed(1)} s; guild with ${DEMO_KNOWLEDGE.length} documents, gateway ready`);

  const errors = new ErrorLog();
  const warmupErrors = new ErrorLog();
  if (options.warmup > 0) {
    const askWarm = await runAsk(stack, guild, options.warmup, options.concurrency, warmupErrors, 'warm-up /ask', 0);
    const mentionWarm = await runMentions(stack, guild, options.warmup, options.concurrency, warmupErrors, 'warm-up mention', 0);
    log(
      `warm-up done: ${askWarm.ack.latencies.length}/${options.warmup} asks acknowledged, ${askWarm.answer.latencies.length} answered; ` +
        `${mentionWarm.result.latencies.length}/${options.warmup} mentions answered`,
    );
  }
  const check = () => {
    const gone = wranglerGone();
    if (gone) throw new Error(gone);
  };
  check();

  const gatewayBefore = gatewayCounts(stack.simulator);
  const measureStart = Date.now();
  log(`1/2 /ask interactions: ${options.requests} …`);
  const ask = await runAsk(stack, guild, options.requests, options.concurrency, errors, '/ask', options.warmup);
  check();
  log(`2/2 mentions: ${options.requests} …`);
  const mentions = await runMentions(stack, guild, options.requests, options.concurrency, errors, 'mention', options.warmup);
  check();
  const gatewayAfter = gatewayCounts(stack.simulator);
  const closes = gatewayAfter.closes.filter((c) => c.at >= measureStart);
  const herald = await stack.admin<{ state: string; reconnects: number }>('/api/gateway/status').catch(() => null);

  const totalErrors = errors.total + warmupErrors.total;
  const lines = [
    '',
    `==================== Herald bench (${options.requests} requests per scenario, ${options.concurrency} in flight) ====================`,
    `  worker: wrangler dev on :${options.port}, offline answerer; simulator REST limit 10000/s, ${DEMO_KNOWLEDGE.length} knowledge documents`,
    '',
    renderTable([ask.ack, ask.answer, mentions.result]),
    '',
    `  Closed loop: each of the ${options.concurrency} workers waits for its answer before sending its next request.`,
    `  /ask ack: from sending the signed interaction to the worker's HTTP response (type 5).`,
    `  /ask answer: from sending the interaction to the follow-up POST reaching the simulator (the "thinking" message`,
    `    is replaced); a follow-up that beats the acknowledgement gets 10015 and Herald retries it 300 ms later.`,
    `  mention → reply: from the member's message to the bot's reply (referencing it) appearing in the channel.`,
    `  throughput: successful requests / wall time of the scenario.`,
    `  follow-up POSTs refused by the simulator (10015 before the ack; retried by Herald): ${ask.refusedFollowUps}`,
  ];
  lines.push(
    `  gateway during the measured run: ${gatewayAfter.identifies - gatewayBefore.identifies} identifies, ` +
      `${gatewayAfter.resumes - gatewayBefore.resumes} resumes, ${closes.length} closes` +
      (closes.length ? ` (${closes.map((c) => `${c.code} by ${c.by} @${isoTime(c.at)}`).join(', ')})` : '') +
      `; Herald: ${herald ? `state ${herald.state}, ${herald.reconnects} reconnects in total` : 'status unavailable'}`,
  );
  if (closes.length) {
    lines.push(`  note: the gateway connection dropped during the run (\`wrangler dev\` also reloads the worker whenever a file under src/ changes).`);
  }
  lines.push(`  errors: ${errors.total}` + (warmupErrors.total ? ` (+${warmupErrors.total} during warm-up)` : ''));
  for (const [what, n] of [...warmupErrors.counts, ...errors.counts]) lines.push(`    ${n} × ${what}`);
  if (mentions.missed.length) {
    lines.push(`  mentions without a reply within ${REPLY_TIMEOUT_MS / 1000} s (first 10):`);
    lines.push(...describeMissed(stack.simulator, mentions.missed));
  }
  if (errors.examples.length || warmupErrors.examples.length) {
    lines.push('  first errors:');
    for (const e of [...warmupErrors.examples, ...errors.examples].slice(0, 10)) lines.push(`    - ${e}`);
  }
  lines.push(`  result: ${totalErrors === 0 ? 'PASS' : 'FAIL'}; total run time ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  lines.push('='.repeat(100), '');
  console.log(lines.join('\n'));
  return totalErrors === 0 ? 0 : 1;
}

// ---- process helpers ------------------------------------------------------------------------------------

async function assertPortFree(port: number): Promise<void> {
  const problem = await portProblem(port);
  if (problem) throw new UsageError(problem);
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  });
