// Button clicks as Discord sends them: a member can click only a button that is on the bot's message; the
// click arrives as a signed MESSAGE_COMPONENT interaction carrying the message; UPDATE_MESSAGE edits that
// message, and the component-only response types are refused for a slash command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

const BUTTONS = [{ type: 1, components: [{ type: 2, style: 1, label: 'Yes', custom_id: 'herald:vote:up:1' }] }];

describe('button clicks', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let channelId: string;
  let messageId: string;

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000 });
    guild = sim.addGuild({ name: 'buttons' });
    channelId = guild.channels[0]!.id;
    const posted = await json<{ id: string }>(`${sim.apiBase}/channels/${channelId}/messages`, { token: DEFAULT_BOT.token, body: { content: 'Helpful?', components: BUTTONS } });
    expect(posted.status).toBe(200);
    messageId = posted.body.id;
  });
  afterAll(() => sim.close());

  const click = (customId: string) =>
    sim.createInteraction({ guildId: guild.id, channelId, user: { username: 'erin' }, component: { messageId, customId } });

  it('sends a signed MESSAGE_COMPONENT interaction with the message and the custom_id', async () => {
    const signed = await click('herald:vote:up:1');
    const interaction = signed.interaction as { type: number; data: { custom_id: string; component_type: number }; message: { id: string }; member: { user: { username: string } } };
    expect(interaction.type).toBe(3);
    expect(interaction.data).toEqual({ custom_id: 'herald:vote:up:1', component_type: 2 });
    expect(interaction.message.id).toBe(messageId);
    expect(interaction.member.user.username).toBe('erin');
  });

  it('refuses a click on a button the message does not carry', async () => {
    await expect(click('herald:vote:down:1')).rejects.toThrow(/no button/);
  });

  it('UPDATE_MESSAGE edits the clicked message; a component-only response type is refused for a command', async () => {
    const signed = await click('herald:vote:up:1');
    const i = signed.interaction as { id: string; token: string };
    const update = await json(`${sim.apiBase}/interactions/${i.id}/${i.token}/callback`, { body: { type: 7, data: { content: 'Thanks!', components: [] } } });
    expect(update.status).toBe(204);
    const messages = await json<{ id: string; content: string; components: unknown[] }[]>(`${sim.url}/_sim/channels/${channelId}/messages`);
    const edited = messages.body.find((m) => m.id === messageId);
    expect(edited?.content).toBe('Thanks!');
    expect(edited?.components).toEqual([]);

    const command = (await sim.createInteraction({ guildId: guild.id, channelId, user: { username: 'erin' }, name: 'ask' })).interaction as { id: string; token: string };
    const refused = await json<{ code: number }>(`${sim.apiBase}/interactions/${command.id}/${command.token}/callback`, { body: { type: 6 } });
    expect(refused.status).toBe(400);
  });
});
