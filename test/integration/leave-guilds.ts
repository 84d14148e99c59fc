// Setup file of the workers projects (vitest.config.ts): after each test file, the bots leave every simulator
// guild that file created. The simulator outlives the files (one per project), and Discord answers an IDENTIFY
// with a GUILD_CREATE for each guild the bot is in: without this, every file's gateway start would replay the
// guilds of all earlier files (each becoming a guild actor), a cost that grows with the suite.
// Nothing in a file sees this: it runs after the file's own afterAll hooks.
import { afterAll, beforeAll } from 'vitest';
import { sim } from './support';

let before = new Set<string>();

async function simGuilds(): Promise<{ id: string; bots: string[] }[]> {
  return sim<{ id: string; bots: string[] }[]>('/_sim/guilds');
}

beforeAll(async () => {
  before = new Set((await simGuilds()).map((guild) => guild.id));
});

afterAll(async () => {
  for (const guild of await simGuilds()) {
    if (!before.has(guild.id) && guild.bots.length > 0) await sim(`/_sim/guilds/${guild.id}/bots`, { method: 'DELETE' });
  }
});
