// `npm run soak -- [--minutes 5] [--guilds 4] [--rate 2] [--port 8797] [--seed N]`: runs Herald against the
// in-process Discord simulator for a while, with members asking questions in several guilds while gateway and
// REST faults are injected at random, then checks that every question that reached the gateway was answered
// exactly once and nothing else was answered. `--help` lists the options.

import { DEFAULT_BOT, type GatewaySessionInfo } from './discord-simulator/index.js';
import { portProblem, startDevStack, stopOnSignals, waitForGatewayReady, type DevStack } from './lib/dev-stack.js';
import { parseSoakArgs, USAGE, UsageError, type SoakOptions } from './soak/args.js';
import { CHATTER, knowledgeFor, QUESTIONS, Random, USERNAMES } from './soak/corpus.js';
import { FAULT_KINDS, FaultInjector, type FaultRecord } from './soak/faults.js';
import { GatewayMonitor } from './soak/gateway-monitor.js';
import { percentile, Tracker, type Analysis, type PostedMessage, type PostKind } from './soak/tracker.js';

const HEARTBEAT_INTERVAL_MS = 5_000;
const PROGRESS_EVERY_MS = 30_000;
/** After every expected reply is in, keep watching this long for late duplicates. */
const DUPLICATE_GRACE_MS = 5_000;
const USERS_PER_GUILD = 4;
const SETUP_TIMEOUT_MS = 90_000;
const MENTION = `<@${DEFAULT_BOT.userId}>`;

interface SoakGuild {
  index: number;
  id: string;
  channels: { id: string; name: string }[];
  users: { id: string; username: string }[];
}

interface GatewayStatus {
  state: string;
  reconnects: number;
  lastCloseReason: string | null;
  stopReason: string | null;
  shards: { status: string; reconnects: number; resumes: number; identifies: number; outbox: number; eventsRouted: number }[];
}

let runStartedAt = Date.now();

function log(line: string): void {
  const now = Date.now();
  console.log(`[soak] ${new Date(now).toISOString()} +${((now - runStartedAt) / 1000).toFixed(1)}s ${line}`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  let options: SoakOptions;
  try {
    const parsed = parseSoakArgs(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`soak: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  await assertPortFree(options.workerPort);

  const random = new Random(options.seed);
  runStartedAt = Date.now();
  log(
    `starting: ${options.minutes} min, ${options.guilds} guild(s), ${options.rate} msg/s, worker port ${options.workerPort}, ` +
      `seed ${options.seed} (rerun with --seed ${options.seed}), faults: ${options.faults.length === FAULT_KINDS.length ? 'all' : options.faults.join(', ') || 'none'}`,
  );

  // ---- stack, with Ctrl-C and an unexpected wrangler exit handled from the first moment ------------------
  let stack: DevStack | null = null;
  const stackPromise = startDevStack({
    workerPort: options.workerPort,
    simulatorPort: 0,
    wranglerOutput: options.wranglerOutput,
    simulator: { heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS, rateLimit: { limit: 50, windowMs: 1000 } },
  });
  const stopper = stopOnSignals(stackPromise, log);
  const stopStack = stopper.stop;

  try {
    stack = await stackPromise;
  } catch (error) {
    console.error(`soak: the dev stack did not start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  let wranglerExited: string | null = null;
  stack.wrangler.on('exit', (code, signal) => {
    if (!stopper.stopping()) {
      wranglerExited = `wrangler dev exited unexpectedly (code ${code}, signal ${signal})`;
      log(wranglerExited);
    }
  });

  try {
    return await run(stack, options, random, () => wranglerExited);
  } finally {
    await stopStack();
  }
}

async function run(stack: DevStack, options: SoakOptions, random: Random, wranglerGone: () => string | null): Promise<number> {
  const sim = stack.simulator;
  const guilds = await withTimeout(setup(stack, options), SETUP_TIMEOUT_MS, 'setting up guilds, knowledge and the gateway');

  // ---- the run ------------------------------------------------------------------------------------------
  const tracker = new Tracker(sim, DEFAULT_BOT.userId);
  const faults = new FaultInjector(sim, random, HEARTBEAT_INTERVAL_MS, log, options.faults);
  const monitor = new GatewayMonitor(sim, DEFAULT_BOT.applicationId, log);
  monitor.start();
  const runStart = Date.now();
  const runEnd = runStart + options.minutes * 60_000;
  faults.start();
  const progress = setInterval(() => void reportProgress(stack, tracker, monitor), PROGRESS_EVERY_MS);
  const intervalMs = 1000 / options.rate;
  try {
    for (let i = 0; ; i++) {
      const due = runStart + i * intervalMs;
      if (due >= runEnd) break;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const gone = wranglerGone();
      if (gone) throw new Error(gone);
      postOne(sim, tracker, random, random.pick(guilds));
    }
  } finally {
    clearInterval(progress);
    faults.stop();
  }
  log(`run over: ${tracker.posted.length} messages posted, ${faults.records.length} faults injected; faults stopped, waiting for replies`);

  // ---- drain: outstanding replies, then a short watch for late duplicates --------------------------------
  const drainStart = Date.now();
  const drainDeadline = drainStart + options.drainSeconds * 1000;
  let analysis = tracker.analyse(tracker.scan());
  while (analysis.missing.length > 0 && Date.now() < drainDeadline) {
    await sleep(500);
    analysis = tracker.analyse(tracker.scan());
  }
  const waited = ((Date.now() - drainStart) / 1000).toFixed(1);
  if (analysis.missing.length === 0) {
    log(`every expected reply is in after ${waited} s; watching ${DUPLICATE_GRACE_MS / 1000} s more for late duplicates`);
    await sleep(DUPLICATE_GRACE_MS);
    analysis = tracker.analyse(tracker.scan());
  } else {
    log(`${analysis.missing.length} repl${analysis.missing.length === 1 ? 'y' : 'ies'} still missing after ${waited} s`);
  }

  monitor.stop();

  // ---- summary ------------------------------------------------------------------------------------------
  const status = await gatewayStatus(stack).catch((error: unknown) => {
    log(`GET /api/gateway/status failed: ${errorText(error)}`);
    return null;
  });
  const failed = printSummary(stack, options, guilds, tracker, analysis, faults, monitor, status, runEnd - runStart);
  return failed ? 1 : 0;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s (is the worker answering?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Guilds with channels, members and knowledge; then the gateway, connected and ready. */
async function setup(stack: DevStack, options: SoakOptions): Promise<SoakGuild[]> {
  const sim = stack.simulator;
  const guilds: SoakGuild[] = [];
  for (let index = 0; index < options.guilds; index++) {
    const guild = sim.addGuild({ name: `Soak ${index + 1}`, channels: [{ name: 'general' }, { name: 'support' }] });
    const users = USERNAMES.slice(0, USERS_PER_GUILD).map((name) => {
      const member = sim.addMember(guild.id, { username: `${name}-${index + 1}` });
      return { id: member.user.id, username: member.user.username };
    });
    guilds.push({ index, id: guild.id, channels: guild.channels.map((c) => ({ id: c.id, name: c.name })), users });
    for (const doc of knowledgeFor(index)) await stack.admin(`/api/guilds/${guild.id}/knowledge`, 'POST', doc);
  }
  log(`created ${guilds.length} guild(s) × 2 channels × ${USERS_PER_GUILD} members, 2–3 knowledge documents each`);
  await stack.admin('/api/gateway/start', 'POST');
  await waitForGatewayReady(stack, 30_000);
  log('gateway ready; posting messages and injecting faults');
  return guilds;
}

function postOne(sim: DevStack['simulator'], tracker: Tracker, random: Random, guild: SoakGuild): void {
  const channel = random.pick(guild.channels);
  const user = random.pick(guild.users);
  const roll = random.next();
  let kind: PostKind;
  let content: string;
  if (roll < 0.75) {
    kind = 'question';
    const question = random.pick(QUESTIONS);
    content = random.chance(0.8) ? `${MENTION} ${question}` : `${question} ${MENTION}`;
  } else if (roll < 0.8) {
    kind = 'greet';
    content = MENTION;
  } else {
    kind = 'chatter';
    content = random.pick(CHATTER);
  }
  const before = botSessions(sim);
  let message;
  try {
    message = sim.memberSays({ guildId: guild.id, channelId: channel.id, author: user, content });
  } catch (error) {
    tracker.postErrors++;
    log(`memberSays failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  // The event went to whichever session's sequence moved: live (connected) or buffered for a resume.
  const after = botSessions(sim);
  const queuedOn = after.filter((s) => s.seq > (before.find((b) => b.id === s.id)?.seq ?? 0));
  const posted: PostedMessage = {
    id: message.id,
    guildIndex: guild.index,
    guildId: guild.id,
    channelId: channel.id,
    channelName: channel.name,
    kind,
    mentions: kind !== 'chatter',
    deliverable: queuedOn.length > 0,
    live: queuedOn.some((s) => s.connected),
    at: Date.parse(message.timestamp),
  };
  tracker.add(posted);
}

function botSessions(sim: DevStack['simulator']): GatewaySessionInfo[] {
  return sim.state().gateway.sessions.filter((s) => s.bot === DEFAULT_BOT.applicationId);
}

/** GET /api/gateway/status, bounded: a worker that stopped answering must not stall the soak. */
async function gatewayStatus(stack: DevStack, timeoutMs = 10_000): Promise<GatewayStatus> {
  const response = await fetch(`${stack.workerUrl}/api/gateway/status`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /api/gateway/status → ${response.status}: ${text}`);
  return JSON.parse(text) as GatewayStatus;
}

function errorText(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer within 10 s (is wrangler dev stuck reloading?)';
  return error instanceof Error ? error.message : String(error);
}

async function reportProgress(stack: DevStack, tracker: Tracker, monitor: GatewayMonitor): Promise<void> {
  let gateway: string;
  try {
    const status = await gatewayStatus(stack);
    gateway = `${status.state}, ${status.reconnects} reconnects`;
  } catch (error) {
    gateway = `status failed: ${errorText(error)}`;
  }
  const offline = monitor.offlineFor;
  if (offline !== null) gateway += `; simulator: no connection for ${(offline / 1000).toFixed(1)} s`;
  const a = tracker.analyse(tracker.scan());
  log(
    `progress: ${a.sent} sent, ${a.expected.length} replies expected, ${a.seen} seen, ${a.missing.length} pending, ` +
      `${a.duplicated.length + a.unexpected.length} duplicate/unexpected; gateway ${gateway}`,
  );
}

// ---- summary ---------------------------------------------------------------------------------------------

function printSummary(
  stack: DevStack,
  options: SoakOptions,
  guilds: SoakGuild[],
  tracker: Tracker,
  a: Analysis,
  faults: FaultInjector,
  monitor: GatewayMonitor,
  status: GatewayStatus | null,
  runMs: number,
): boolean {
  const sim = stack.simulator;
  const state = sim.state();
  const sessions = state.gateway.sessions.filter((s) => s.bot === DEFAULT_BOT.applicationId);
  const simResumes = sessions.reduce((sum, s) => sum + s.resumes, 0);
  const closes = sessions.flatMap((s) => s.closes);
  const closesByServer = closes.filter((c) => c.by === 'server').length;
  const closesByClient = closes.length - closesByServer;
  const failed = a.missing.length > 0 || a.duplicated.length > 0 || a.unexpected.length > 0 || a.orphanReplies > 0;
  const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v)} ms`);
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(20)}${value}`);

  lines.push('', '==================== Herald soak summary ====================');
  row('run', `${(runMs / 60_000).toFixed(2)} min, ${guilds.length} guild(s) × 2 channels, ${options.rate} msg/s, seed ${options.seed}`);
  row('events sent', `${a.sent} member messages (${a.mentions} mention the bot, ${a.sent - a.mentions} do not)` + (tracker.postErrors ? `, ${tracker.postErrors} failed to post` : ''));
  row(
    'replies expected',
    `${a.expected.length}` +
      (a.undeliverable.length
        ? ` (+${a.undeliverable.length} mention(s) posted while no live or resumable session existed: not expected, ${a.undeliverableAnswered.length} answered anyway)`
        : ''),
  );
  row('replies seen', `${a.seen} (distinct expected messages with ≥1 reply)`);
  row('missing', `${a.missing.length}${a.missing.length > 0 && a.missing.length <= 20 ? `: ${a.missing.map((m) => m.id).join(', ')}` : ''}`);
  row(
    'duplicates',
    `${a.duplicated.length} message(s) with >1 reply, ${a.unexpected.length} repl${a.unexpected.length === 1 ? 'y' : 'ies'} to messages that must not be answered` +
      (a.orphanReplies ? `, ${a.orphanReplies} repl(ies) to unknown messages` : ''),
  );
  row(
    'gateway (simulator)',
    `${state.gateway.identifies} identifies, ${simResumes} resumes, ${closes.length} closes (${closesByServer} by server, ${closesByClient} by Herald), ${state.gateway.connections} connection(s) open`,
  );
  if (status) {
    const shardResumes = status.shards.reduce((sum, s) => sum + s.resumes, 0);
    const shardIdentifies = status.shards.reduce((sum, s) => sum + s.identifies, 0);
    const outbox = status.shards.reduce((sum, s) => sum + s.outbox, 0);
    row(
      'gateway (Herald)',
      `state ${status.state}, ${status.reconnects} reconnects, ${shardResumes} resumes, ${shardIdentifies} identifies, outbox ${outbox}` +
        (status.stopReason ? `, stopped: ${status.stopReason}` : ''),
    );
  } else {
    row('gateway (Herald)', 'status unavailable');
  }
  row(
    'gateway offline',
    `${(monitor.offlineMs / 1000).toFixed(1)} s in total, longest ${(monitor.longestOfflineMs / 1000).toFixed(1)} s; ` +
      `${monitor.unplannedCloses.length} unplanned disconnect(s) (Herald's socket died, 1006, without an injected fault)`,
  );
  const counts = faults.countsByKind();
  const faultParts = FAULT_KINDS.filter((k) => counts.has(k)).map((k) => {
    const c = counts.get(k)!;
    return `${k} ${c.injected}${c.noTarget ? ` (${c.noTarget} without a connected session)` : ''}`;
  });
  row('faults injected', `${faults.records.length}${faultParts.length ? `: ${faultParts.join(', ')}` : ''}`);
  row(
    'latency',
    `mention → reply p50 ${ms(percentile(a.latencies, 50))}, p99 ${ms(percentile(a.latencies, 99))}, max ${ms(a.latencies.at(-1) ?? null)} (n=${a.latencies.length})`,
  );
  if (a.unreferenced) row('other bot messages', `${a.unreferenced} without message_reference (split continuations)`);
  row('result', failed ? 'FAIL' : 'PASS');

  const problems = [
    ...a.missing.map((m) => ({ what: 'missing', m })),
    ...a.duplicated.map((m) => ({ what: 'duplicate', m })),
    ...a.unexpected.map((m) => ({ what: 'unexpected reply', m })),
  ];
  if (problems.length > 0) {
    lines.push('', '  details (first 20): message · posted at · delivery · nearest faults · Herald POSTs replying to it');
    const scan = tracker.scan();
    for (const { what, m } of problems.slice(0, 20)) {
      const posts = sim
        .calls({ method: 'POST', path: `/channels/${m.channelId}/messages` })
        .filter((c) => (c.body as { message_reference?: { message_id?: string } } | null)?.message_reference?.message_id === m.id)
        .map((c) => `${c.status}@${isoTime(c.at)}`);
      const replies = (scan.replies.get(m.id) ?? []).map((r) => `${r.id}@${isoTime(r.at)}`);
      lines.push(
        `  - ${what} ${m.id} (guild ${m.guildIndex + 1} #${m.channelName}, ${m.kind}) posted ${isoTime(m.at)}, ` +
          `${m.live ? 'sent on a live connection' : m.deliverable ? 'buffered for resume (no connection)' : 'not deliverable'}; ` +
          `${nearestFaults(faults.records, m.at)}; POSTs: ${posts.join(' ') || 'none'}; replies: ${replies.join(' ') || 'none'}`,
      );
    }
  }
  lines.push('=============================================================', '');
  console.log(lines.join('\n'));
  return failed;
}

function nearestFaults(records: FaultRecord[], at: number): string {
  const before = [...records].reverse().find((r) => r.at <= at);
  const after = records.find((r) => r.at > at);
  const parts: string[] = [];
  if (before) parts.push(`${((at - before.at) / 1000).toFixed(1)} s after ${before.kind}`);
  if (after) parts.push(`${((after.at - at) / 1000).toFixed(1)} s before ${after.kind}`);
  return parts.join(', ') || 'no faults';
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

// ---- process helpers -------------------------------------------------------------------------------------

async function assertPortFree(port: number): Promise<void> {
  const problem = await portProblem(port);
  if (problem) throw new UsageError(problem);
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`soak: ${error.message}`);
      process.exit(2);
    }
    console.error('soak failed:', error);
    process.exit(1);
  });
