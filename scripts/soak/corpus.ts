// What the soak's members say, its seeded randomness, and each guild's small knowledge base.

import { DEMO_KNOWLEDGE } from '../demo/knowledge.js';

export { Random } from '../lib/random.js';

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
