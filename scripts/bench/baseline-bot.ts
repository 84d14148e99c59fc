// The bench's baseline: a plain discord.js bot in one Node process that answers mentions with the best BM25
// passage from the same documents Herald has (in memory), replying to the message without pinging anyone.
// Started by `npm run bench` as its own process (so its CPU and memory are measured apart) with
//   BENCH_API=<simulator>/api  BENCH_TOKEN=<bot token>
// It prints "ready" once logged in and exits on SIGTERM.

import { Client, Events, GatewayIntentBits } from 'discord.js';
import { DEMO_KNOWLEDGE } from '../demo/knowledge.js';
import { Bm25Index } from './bm25.js';

const NOTHING_RELEVANT = "I couldn't find anything about that in the knowledge base.";

const api = process.env.BENCH_API;
const token = process.env.BENCH_TOKEN;
if (!api || !token) {
  console.error('baseline-bot: BENCH_API and BENCH_TOKEN are required');
  process.exit(2);
}

const index = new Bm25Index(DEMO_KNOWLEDGE);
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
  // discord.js caps itself at Discord's default 50 requests/s globally; the bench's simulator has its limits
  // out of the way (BENCH_SIMULATOR) for Herald too, so the plain bot gets the same room.
  rest: { api, globalRequestsPerSecond: 100_000 },
});

client.on(Events.MessageCreate, (message) => {
  const me = client.user;
  if (!me || message.author.bot || !message.mentions.users.has(me.id)) return;
  const question = message.content.replaceAll(`<@${me.id}>`, '').trim();
  const [best] = index.search(question);
  const content = best ? `${best.text}\n\n(from "${best.title}")` : NOTHING_RELEVANT;
  message.reply({ content, allowedMentions: { parse: [], repliedUser: false } }).catch((error: unknown) => {
    console.error('baseline-bot: reply failed:', error instanceof Error ? error.message : error);
  });
});

client.once(Events.ClientReady, () => console.log('ready'));
process.on('SIGTERM', () => {
  void client.destroy().finally(() => process.exit(0));
});
await client.login(token);
