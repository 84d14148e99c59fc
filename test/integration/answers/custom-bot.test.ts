// A guild with its own bot (settings.customBot): its gateway comes up, its members are answered with the
// custom token, its interactions are verified at /discord/interactions/<its app id> and followed up on its
// webhook; other guilds keep the shared bot and token; GET settings never shows the token.
// Guild A has both bots as members (the usual case: Herald was installed, then the owner added their own
// bot); guild C has only the custom bot; guild B only uses the shared bot. The setup (custom bot saved for A
// and C, its gateway up) is done once before the cases, so no case depends on an earlier one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { CUSTOM_BOT } from '../../support/constants';
import {
  acceptedRepliesTo,
  addKnowledge,
  api,
  botMessagesAfter,
  calls,
  createGuild,
  deliverInteraction,
  forceInboxRetry,
  handledByGuild,
  memberSays,
  patchSettings,
  repliesTo,
  replyContent,
  signInteraction,
  sim,
  simGateway,
  startGatewayAndWait,
  stopGateway,
  TEST_BOT,
  waitFor,
  waitForFollowUp,
  type SimGuildInfo,
} from '../support';

const REFUNDS = { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' };

describe('custom bot', () => {
  let guildA: SimGuildInfo;
  let guildB: SimGuildInfo;
  let guildC: SimGuildInfo;
  let savedA: Record<string, unknown>;
  let savedC: Record<string, unknown>;

  beforeAll(async () => {
    await startGatewayAndWait();
    guildA = await createGuild('Custom Bot Guild A');
    guildB = await createGuild('Shared Bot Guild B');
    guildC = await sim<SimGuildInfo>('/_sim/guilds', {
      body: { name: 'Custom Bot Only Guild C', channels: [{ name: 'general' }], bots: [CUSTOM_BOT.applicationId] },
    });
    for (const guild of [guildA, guildB, guildC]) await addKnowledge(guild.id, REFUNDS);
    const customBot = { applicationId: CUSTOM_BOT.applicationId, publicKey: inject('simulatorCustomBotPublicKey'), botToken: CUSTOM_BOT.token };
    savedA = await patchSettings(guildA.id, { customBot });
    savedC = await patchSettings(guildC.id, { customBot });
    await waitFor(
      async () => (await simGateway()).sessions.some((session) => session.bot === CUSTOM_BOT.applicationId && session.connected),
      'a simulator gateway session for the custom bot',
      15_000,
    );
  });

  afterAll(async () => {
    for (const guild of [guildA, guildC]) {
      if (guild) await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { customBot: null } });
    }
    await stopGateway();
  });

  it('accepts the custom bot and never shows its token', async () => {
    const publicKey = inject('simulatorCustomBotPublicKey');
    expect(savedA.customBot).toEqual({ applicationId: CUSTOM_BOT.applicationId, publicKey: publicKey.toLowerCase(), botTokenSet: true });
    expect(JSON.stringify(savedA)).not.toContain(CUSTOM_BOT.token);
    expect(JSON.stringify(savedC)).not.toContain(CUSTOM_BOT.token);

    const response = await api(`/api/guilds/${guildA.id}/settings`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(CUSTOM_BOT.token);
    expect(JSON.parse(text).customBot).toEqual({ applicationId: CUSTOM_BOT.applicationId, publicKey: publicKey.toLowerCase(), botTokenSet: true });

    const listed = await api(`/api/guilds/${guildC.id}/settings`);
    expect(await listed.text()).not.toContain(CUSTOM_BOT.token);
  });

  it("brings the custom bot's gateway up", async () => {
    const sessions = (await simGateway()).sessions.filter((session) => session.bot === CUSTOM_BOT.applicationId && session.connected);
    expect(sessions.length).toBeGreaterThan(0);
  });

  /** Exactly one accepted reply to `messageId` after the guild's inbox retry was forced. */
  async function exactRepliesTo(guild: SimGuildInfo, messageId: string) {
    await forceInboxRetry(guild.id);
    const replies = await acceptedRepliesTo(messageId);
    expect(replies).toHaveLength(1);
    return replies;
  }

  /** Mentions the custom bot until a reply arrives (its READY may trail the simulator's session by a moment). */
  async function mentionCustomBotUntilAnswered(guild: SimGuildInfo): Promise<string> {
    let messageId = '';
    await waitFor(
      async () => {
        messageId = (await memberSays(guild, `<@${CUSTOM_BOT.userId}> how do refunds work?`)).id;
        return waitFor(async () => (await repliesTo(messageId)).length > 0, 'a reply', 2_000).catch(() => false);
      },
      `the custom bot to answer a mention in ${guild.name}`,
      15_000,
    );
    return messageId;
  }

  it('answers a mention of the custom bot with the custom token in a guild where only it is a member', async () => {
    const messageId = await mentionCustomBotUntilAnswered(guildC);
    const [reply] = await exactRepliesTo(guildC, messageId);
    expect(reply!.headers.authorization).toBe(`Bot ${CUSTOM_BOT.token}`);
    expect((reply!.body as { content: string }).content).toContain('Refunds are issued within 14 days');
  });

  it('answers a mention of the custom bot with the custom token when the shared bot is a member too; the shared bot stays silent', async () => {
    const sharedMention = await memberSays(guildA, `<@${TEST_BOT.userId}> how do refunds work?`);
    const messageId = await mentionCustomBotUntilAnswered(guildA);
    const [reply] = await exactRepliesTo(guildA, messageId);
    expect(reply!.headers.authorization).toBe(`Bot ${CUSTOM_BOT.token}`);
    expect((reply!.body as { content: string }).content).toContain('Refunds are issued within 14 days');

    // Every bot message after the shared-bot mention, once it was handled and any retry ran: only the custom bot's.
    await handledByGuild(guildA, [sharedMention]);
    expect(await repliesTo(sharedMention.id)).toEqual([]);
    const posted = await botMessagesAfter(sharedMention.channel_id, sharedMention.id);
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.filter((message) => message.author.id !== CUSTOM_BOT.userId)).toEqual([]);
  });

  it('answers a mention of the shared bot in guild B with the shared token', async () => {
    const question = await memberSays(guildB, `<@${TEST_BOT.userId}> how do refunds work?`);
    expect(await replyContent(question.id)).toContain('Refunds are issued within 14 days');
    const [reply] = await acceptedRepliesTo(question.id);
    expect(reply!.headers.authorization).toBe(`Bot ${TEST_BOT.token}`);
  });

  it("never uses one guild's token for the other guild's channels", async () => {
    // Traffic of its own in all three guilds, so the check below never looks at an empty list.
    await mentionCustomBotUntilAnswered(guildA);
    await mentionCustomBotUntilAnswered(guildC);
    expect(await replyContent((await memberSays(guildB, `<@${TEST_BOT.userId}> how do refunds work?`)).id)).toContain('Refunds are issued');
    const channelCalls = await calls({ path: '/channels/' });
    const forGuild = (guild: SimGuildInfo) =>
      channelCalls.filter((call) => guild.channels.some((channel) => call.path.startsWith(`/channels/${channel.id}/`)));
    const custom = [...forGuild(guildA), ...forGuild(guildC)];
    const shared = forGuild(guildB);
    expect(custom.length).toBeGreaterThan(0);
    expect(shared.length).toBeGreaterThan(0);
    expect(custom.filter((call) => call.headers.authorization !== `Bot ${CUSTOM_BOT.token}`)).toEqual([]);
    expect(shared.filter((call) => call.headers.authorization !== `Bot ${TEST_BOT.token}`)).toEqual([]);
  });

  it("accepts /ask at the custom bot's endpoint and follows up on its webhook", async () => {
    const signed = await signInteraction({ guild: guildA, applicationId: CUSTOM_BOT.applicationId, question: 'how do refunds work?' });
    expect(signed.interaction.application_id).toBe(CUSTOM_BOT.applicationId);
    const delivered = await deliverInteraction(signed, `/discord/interactions/${CUSTOM_BOT.applicationId}`);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toEqual({ type: 5 });
    const followUp = await waitForFollowUp(CUSTOM_BOT.applicationId, signed.interaction.token);
    expect((followUp.body as { content: string }).content).toContain('Refunds are issued within 14 days');
  });

  it("rejects the custom bot's interaction at an application id that has no registered key", async () => {
    const signed = await signInteraction({ guild: guildA, applicationId: CUSTOM_BOT.applicationId, question: 'how do refunds work?' });
    const delivered = await deliverInteraction(signed, `/discord/interactions/${TEST_BOT.applicationId}`);
    expect(delivered.status).toBe(401);
  });

  it('goes back to the shared bot when customBot is cleared', async () => {
    const cleared = await patchSettings(guildA.id, { customBot: null });
    expect(cleared.customBot).toBeNull();
    const question = await memberSays(guildA, `<@${TEST_BOT.userId}> how do refunds work?`);
    expect(await replyContent(question.id)).toContain('Refunds are issued within 14 days');
    const [reply] = await acceptedRepliesTo(question.id);
    expect(reply!.headers.authorization).toBe(`Bot ${TEST_BOT.token}`);
  });
});
