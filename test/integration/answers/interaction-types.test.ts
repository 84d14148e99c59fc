// Every interaction type gets a response Discord accepts for it: autocomplete → type 8 with no choices, a
// button click or a modal submit → an ephemeral message; a verified body that is not an interaction → 400.

import { SELF } from 'cloudflare:test';
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuild, signInteraction, sim, type SimGuildInfo } from '../support';

/** Has the simulator sign `body` with the shared application's key and posts it to the Worker. */
async function postSigned(body: string): Promise<Response> {
  const signed = await sim<{ body: string; headers: Record<string, string> }>('/_sim/interactions/sign', { body: { body } });
  return SELF.fetch('http://herald.test/discord/interactions', { method: 'POST', headers: signed.headers, body: signed.body });
}

/** A real /ask interaction from the simulator, turned into another type. */
async function interactionOf(guild: SimGuildInfo, changes: Record<string, unknown>): Promise<string> {
  const signed = await signInteraction({ guild, question: 'how do refunds work?' });
  return JSON.stringify({ ...(JSON.parse(signed.body) as Record<string, unknown>), ...changes });
}

describe('interaction types', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    guild = await createGuild('Interaction Types Guild');
  });

  it('answers autocomplete with an empty choice list (type 8)', async () => {
    const body = await interactionOf(guild, { type: InteractionType.ApplicationCommandAutocomplete });
    const response = await postSigned(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
  });

  it.each([
    ['a button click', { type: InteractionType.MessageComponent, data: { custom_id: 'herald:old', component_type: 2 }, message: { id: '100000000000009999' } }],
    ['a modal submit', { type: InteractionType.ModalSubmit, data: { custom_id: 'herald:form', components: [] } }],
    ['an unknown command', { data: { id: '1', name: 'nonsense', type: 1 } }],
  ])('answers %s with an ephemeral message', async (_what, changes) => {
    const response = await postSigned(await interactionOf(guild, changes));
    expect(response.status).toBe(200);
    const json = await response.json<{ type: number; data: { flags: number; content: string } }>();
    expect(json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(json.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(json.data.content).not.toBe('');
  });

  it.each([
    ['not JSON', 'body', '{"type":'],
    ['a JSON array', 'body', '[]'],
    ['without a type', 'type', '{"id":"1","application_id":"100000000000000001"}'],
  ])('answers a signed body that is %s with 400 naming %s', async (_what, field, body) => {
    const response = await postSigned(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field });
  });

  it('answers an /ask without its channel with 400 instead of failing', async () => {
    const response = await postSigned(await interactionOf(guild, { channel: undefined }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'channel.id' });
  });
});
