// The bench's workload, the same for every contender: guilds with channels and active members in the
// simulator, then members' messages sent open-loop at a fixed rate (a seeded mix of mentions, which must be
// answered, and plain chat, which must not), each mention timed until the bot's reply referencing it
// appears in the simulator.

import type { APIMessage } from 'discord-api-types/v10';
import { DEFAULT_BOT, type DiscordSimulator } from '../discord-simulator/index.js';
import { Random } from '../lib/random.js';
import { CHATTER, QUESTIONS } from '../soak/corpus.js';
import { percentile } from './stats.js';

const MENTION = `<@${DEFAULT_BOT.userId}>`;

export interface WorldOptions {
  guilds: number;
  channelsPerGuild: number;
  /** Active members in all (spread over the guilds round-robin). */
  members: number;
}

export interface BenchWorld {
  guilds: { id: string; channels: string[] }[];
  /** Member i belongs to guild i % guilds. */
  members: { id: string; username: string; guild: number }[];
}

export function buildWorld(sim: DiscordSimulator, options: WorldOptions): BenchWorld {
  const guilds = Array.from({ length: options.guilds }, (_, g) => {
    const guild = sim.addGuild({
      name: `Bench ${g + 1}`,
      channels: Array.from({ length: options.channelsPerGuild }, (_, c) => ({ name: `support-${c + 1}` })),
    });
    return { id: guild.id, channels: guild.channels.map((channel) => channel.id) };
  });
  const members = Array.from({ length: options.members }, (_, i) => {
    const guild = i % guilds.length;
    const member = sim.addMember(guilds[guild]!.id, { username: `member-${i + 1}` });
    return { id: member.user.id, username: member.user.username, guild };
  });
  return { guilds, members };
}

export interface MessageKindCount {
  mentions: number;
  chatter: number;
}

/** Sends seeded messages; `mentionShare` of them mention the bot with a question. */
export class MessageSource {
  private readonly random: Random;

  constructor(
    private readonly sim: DiscordSimulator,
    private readonly world: BenchWorld,
    seed: number,
  ) {
    this.random = new Random(seed);
  }

  /** The (guild, question) of each mention sent: answers to one pair must not depend on load or history. */
  readonly questionOf = new Map<string, string>();

  send(kind: 'mention' | 'chatter'): APIMessage {
    const member = this.random.pick(this.world.members);
    const guild = this.world.guilds[member.guild]!;
    const channelId = this.random.pick(guild.channels);
    // Picked only for a mention, so a seed draws the same sequence as before this column existed.
    const question = kind === 'mention' ? this.random.pick(QUESTIONS) : '';
    const content = kind === 'mention' ? `${MENTION} ${question}` : this.random.pick(CHATTER);
    const sent = this.sim.memberSays({ guildId: guild.id, channelId, author: { id: member.id, username: member.username }, content });
    if (kind === 'mention') this.questionOf.set(sent.id, `${guild.id}|${question}`);
    return sent;
  }

  /**
   * One mention in each guild, from its first member (no random draw, so a seed's sequence is unchanged): the
   * first answer in a guild arms its timers (cleanup, inbox), a cost per guild and not per message.
   */
  warmUp(clock: ReplyClock): void {
    this.world.guilds.forEach((guild, index) => {
      const member = this.world.members.find((m) => m.guild === index);
      if (!member) return;
      const sent = this.sim.memberSays({ guildId: guild.id, channelId: guild.channels[0]!, author: { id: member.id, username: member.username }, content: `${MENTION} ${QUESTIONS[0]}` });
      clock.expect(sent.id, performance.now());
    });
  }

  kindOf(mentionShare: number): 'mention' | 'chatter' {
    return this.random.chance(mentionShare) ? 'mention' : 'chatter';
  }
}

/** Times mentions until the bot's reply (a message referencing them) arrives; counts duplicate replies. */
export class ReplyClock {
  private readonly pending = new Map<string, number>();
  private readonly answered = new Set<string>();
  private readonly latencies: number[] = [];
  /**
   * Relevance, as a bench can measure it without labels: the first answer seen to a (guild, question) pair is
   * its reference, and every later answer to that pair, from any member at any rate, must be the same. Before the
   * follow-up fix a member's earlier questions changed the passage picked, more often the busier the server.
   */
  private readonly referenceAnswer = new Map<string, string>();
  private sameAnswers = 0;
  private comparedAnswers = 0;
  duplicates = 0;
  /** Bot messages that reference a message that was not a mention (answers to chatter). */
  unexpected = 0;
  private readonly unsubscribe: () => void;
  private drained: (() => void) | null = null;

  constructor(
    sim: DiscordSimulator,
    private readonly questionOf: ReadonlyMap<string, string> = new Map(),
  ) {
    this.unsubscribe = sim.onMessageCreate((message) => this.onMessage(message));
  }

  expect(messageId: string, sentAt: number): void {
    this.pending.set(messageId, sentAt);
  }

  private onMessage(message: APIMessage): void {
    if (message.author.id !== DEFAULT_BOT.userId) return;
    const ref = message.message_reference?.message_id;
    if (!ref) return;
    const sentAt = this.pending.get(ref);
    if (sentAt !== undefined) {
      this.latencies.push(performance.now() - sentAt);
      const pair = this.questionOf.get(ref);
      if (pair !== undefined) {
        const reference = this.referenceAnswer.get(pair);
        if (reference === undefined) this.referenceAnswer.set(pair, message.content);
        else {
          this.comparedAnswers++;
          if (reference === message.content) this.sameAnswers++;
        }
      }
      this.pending.delete(ref);
      this.answered.add(ref);
      if (this.pending.size === 0) this.drained?.();
    } else if (this.answered.has(ref)) {
      this.duplicates++;
    } else {
      this.unexpected++;
    }
  }

  /** Resolves when every expected mention got its reply, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.drained = null;
  }

  /** Latencies recorded so far, and how many mentions are still waiting; starts a new window. */
  take(): { latencies: number[]; missing: number; relevance: number | null } {
    const out = {
      latencies: this.latencies.splice(0),
      missing: this.pending.size,
      relevance: this.comparedAnswers === 0 ? null : this.sameAnswers / this.comparedAnswers,
    };
    this.pending.clear();
    this.sameAnswers = 0;
    this.comparedAnswers = 0;
    return out;
  }

  close(): void {
    this.unsubscribe();
  }
}

export interface StepResult {
  rate: number;
  seconds: number;
  sent: number;
  mentions: number;
  answered: number;
  missing: number;
  duplicates: number;
  /** Messages actually sent per second (the driver itself may fall behind at high rates). */
  achievedRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Share of this step's answers equal to the first answer to the same (guild, question); null: none compared. */
  relevance: number | null;
  /** Every mention's latency, ascending (so rounds of the same step can be pooled). */
  latencies: number[];
}

/** Steps of one rate from several rounds as one: latencies pooled (percentiles over all of them), counts summed. */
export function poolSteps(steps: readonly StepResult[]): StepResult {
  const first = steps[0]!;
  if (steps.length === 1) return first;
  const sorted = steps.flatMap((step) => step.latencies).sort((a, b) => a - b);
  const sum = (pick: (step: StepResult) => number) => steps.reduce((total, step) => total + pick(step), 0);
  const compared = steps.filter((step) => step.relevance !== null);
  return {
    rate: first.rate,
    seconds: sum((step) => step.seconds),
    sent: sum((step) => step.sent),
    mentions: sum((step) => step.mentions),
    answered: sorted.length,
    missing: sum((step) => step.missing),
    duplicates: sum((step) => step.duplicates),
    achievedRate: Math.min(...steps.map((step) => step.achievedRate)),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
    relevance: compared.length === 0 ? null : compared.reduce((total, step) => total + step.relevance! * step.answered, 0) / compared.reduce((total, step) => total + step.answered, 0),
    latencies: sorted,
  };
}

/** Open loop: `rate` messages a second for `seconds`, whatever the replies do; then waits up to `drainMs`. */
export async function runStep(source: MessageSource, clock: ReplyClock, rate: number, seconds: number, mentionShare: number, drainMs: number): Promise<StepResult> {
  const total = Math.round(rate * seconds);
  const duplicatesBefore = clock.duplicates;
  let sent = 0;
  let mentions = 0;
  const start = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    while (sent < due) {
      const kind = source.kindOf(mentionShare);
      const t0 = performance.now();
      const message = source.send(kind);
      if (kind === 'mention') {
        clock.expect(message.id, t0);
        mentions++;
      }
      sent++;
    }
    const nextAt = start + (sent / rate) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
  }
  const sendMs = performance.now() - start;
  await clock.drain(drainMs);
  const { latencies, missing, relevance } = clock.take();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    rate,
    seconds,
    sent,
    mentions,
    answered: sorted.length,
    missing,
    duplicates: clock.duplicates - duplicatesBefore,
    achievedRate: (sent / sendMs) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
    relevance,
    latencies: sorted,
  };
}

/** The step passes: every mention answered once, p99 under `p99LimitMs`, and the driver kept the rate. */
export function stepHolds(step: StepResult, p99LimitMs: number): boolean {
  return step.missing === 0 && step.duplicates === 0 && step.p99 !== null && step.p99 < p99LimitMs && step.achievedRate >= 0.95 * step.rate;
}
