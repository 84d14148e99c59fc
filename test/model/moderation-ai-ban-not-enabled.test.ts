// The fake model, steered to act like a judge that asks for a ban, does not get one when the owner has not
// enabled bans: Herald takes the strongest enabled action that is not stronger (timeout here), through the
// real path (gateway → GuildActor → model → Discord simulator), and never calls the ban endpoint.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calls,
  callsTo,
  createGuild,
  enableModeration,
  forceInboxRetry,
  memberSays,
  simGuildBans,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../integration/support';
import { isStructured, modelRequests, resetModel, steerModel, userMessages } from './support';

const OFFENDER = { userId: '200000000000004601', username: 'offender-ban-guard' };
const BAD = 'you are such a slurword, honestly';
const JUDGE_REASON = 'Slur against another member; ban them.';

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Model Ban Not Enabled Guild');
  await enableModeration(guild.id, { rules: '- No slurs', actions: { delete: true, warn: true, timeout: true, kick: false, ban: false }, timeoutMinutes: 10 });
  // A judge that always asks for the strongest action on the slur, with quotes Herald can verify.
  await steerModel((request) =>
    request.structured && request.system.includes('<rules>') && request.user.includes('slurword')
      ? {
          json: {
            action: 'ban',
            reason: 'Slur against another member; ban them.',
            confidence: 0.97,
            rule: 'No slurs',
            ruleQuote: 'No slurs',
            messageQuote: 'slurword',
          },
        }
      : null,
  );
});
afterAll(async () => {
  await resetModel();
  await stopGateway();
});

describe('an AI judge asking for a ban that is not enabled', () => {
  it('times the member out instead and never bans', async () => {
    const message = await memberSays(guild, BAD, OFFENDER);
    await waitFor(async () => (await modelRequests()).some((r) => isStructured(r) && userMessages(r).some((m) => m.includes(BAD))), 'the judgement request');
    const entry = await waitForModerationEntry(guild.id, message.id, 15_000);
    await forceInboxRetry(guild.id);

    // The judge's own answer was used (its reason is logged), but the action is capped at what is enabled.
    expect(entry).toMatchObject({ action: 'timeout', source: 'ai', reason: JUDGE_REASON, userId: OFFENDER.userId, outcome: 'done' });
    const timeouts = await callsTo('PATCH', `/guilds/${guild.id}/members/${OFFENDER.userId}`);
    expect(timeouts).toHaveLength(1);
    expect(typeof (timeouts[0]!.body as { communication_disabled_until: unknown }).communication_disabled_until).toBe('string');
    expect(await calls({ method: 'PUT', path: `/guilds/${guild.id}/bans/` })).toHaveLength(0);
    expect(await calls({ method: 'DELETE', path: `/guilds/${guild.id}/members/` })).toHaveLength(0);
    expect(await simGuildBans(guild.id)).toEqual([]);
  });
});
