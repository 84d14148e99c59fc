// What the soak's members say, its seeded randomness, and each guild's small knowledge base.

import { DEMO_KNOWLEDGE } from '../demo/knowledge.js';

/** mulberry32: small, fast, good enough to make a run reproducible from its seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Two or three of the demo documents per guild, rotating so guilds differ. */
export function knowledgeFor(guildIndex: number): { title: string; content: string }[] {
  const count = 2 + (guildIndex % 2);
  return Array.from({ length: count }, (_, i) => DEMO_KNOWLEDGE[(guildIndex + i) % DEMO_KNOWLEDGE.length]!);
}

export const QUESTIONS = [
  'how do refunds work?',
  'how long does a refund take to reach my card?',
  'when are invoices sent?',
  'can I pay by bank transfer?',
  'I forgot my password, what do I do?',
  'my two-factor codes are rejected',
  'why is my account locked?',
  'what is the API rate limit on the free plan?',
  'what does a 429 from the API mean?',
  'how do I create my first project?',
  'how much storage does the free plan include?',
  'which region should I pick for a new project?',
  'do you support SAML single sign-on?',
  'where can I change my payment method?',
];

/** Said without mentioning the bot: in the default `mention` mode none of these may be answered. */
export const CHATTER = [
  'good morning everyone',
  'thanks, that worked!',
  'anyone around?',
  'lol',
  'how do refunds work?',
  'I forgot my password, what do I do?',
  'brb',
  'nice, the new dashboard looks great',
];

export const USERNAMES = ['ada', 'brian', 'chen', 'dora', 'emeka', 'fatima', 'goran', 'hana'];
