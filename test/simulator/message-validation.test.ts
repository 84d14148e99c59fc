// Message bodies are checked as Discord checks them: allowed_mentions, message_reference, nonce, components
// and embed limits, each refused with 50035 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT, startDiscordSimulator, type DiscordSimulator, type GuildSnapshot } from '../../scripts/discord-simulator/index.js';
import { json } from './helpers.js';

interface ApiError {
  code: number;
  errors?: unknown;
  message_reference?: { message_id: string } | null;
  id?: string;
}

/** The dotted path of the first error in Discord's nested `errors` object, and its code. */
function firstError(errors: unknown, path: string[] = []): [string, string] | null {
  if (!errors || typeof errors !== 'object') return null;
  const record = errors as Record<string, unknown>;
  if (Array.isArray(record._errors)) return [path.join('.'), (record._errors[0] as { code: string }).code];
  for (const [key, value] of Object.entries(record)) {
    const found = firstError(value, [...path, key]);
    if (found) return found;
  }
  return null;
}

describe('message validation', () => {
  let sim: DiscordSimulator;
  let guild: GuildSnapshot;
  let channelId: string;
  let otherChannelId: string;

  beforeAll(async () => {
    sim = await startDiscordSimulator({ heartbeatIntervalMs: 1000, rateLimit: { limit: 1000, windowMs: 1000 } });
    guild = sim.addGuild({ name: 'validation', channels: [{ name: 'one' }, { name: 'two' }] });
    channelId = guild.channels[0]!.id;
    otherChannelId = guild.channels[1]!.id;
  });
  afterAll(() => sim.close());

  const post = (body: Record<string, unknown>) =>
    json<ApiError>(`${sim.apiBase}/channels/${channelId}/messages`, { token: DEFAULT_BOT.token, body: { content: 'hello', ...body } });
  const refused = async (body: Record<string, unknown>) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(50035);
    return firstError(res.body.errors);
  };

  it.each([
    ["parse: ['users'] with users", { parse: ['users'], users: ['200000000000000001'] }, ['allowed_mentions', 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE']],
    ["parse: ['roles'] with roles", { parse: ['roles'], roles: ['200000000000000001'] }, ['allowed_mentions', 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE']],
    ['an unknown parse type', { parse: ['user'] }, ['allowed_mentions.parse.0', 'BASE_TYPE_CHOICES']],
    ['101 user ids', { users: Array.from({ length: 101 }, (_, i) => String(200000000000000000n + BigInt(i))) }, ['allowed_mentions.users', 'BASE_TYPE_MAX_LENGTH']],
    ['a non-snowflake id', { users: ['bob'] }, ['allowed_mentions.users.0', 'NUMBER_TYPE_COERCE']],
    ['a list instead of an object', ['users'], ['allowed_mentions', 'MODEL_TYPE_CONVERT']],
  ])('refuses allowed_mentions with %s', async (_label, allowed, expected) => {
    expect(await refused({ allowed_mentions: allowed })).toEqual(expected);
  });

  it('accepts the allowed_mentions a careful bot sends', async () => {
    const res = await post({ allowed_mentions: { parse: [], users: ['200000000000000001'], replied_user: false } });
    expect(res.status).toBe(200);
    expect((await post({ allowed_mentions: { parse: ['users', 'everyone'] } })).status).toBe(200);
  });

  it('refuses a reply to a missing message or to a message in another channel, unless fail_if_not_exists is false', async () => {
    const elsewhere = sim.memberSays({ guildId: guild.id, channelId: otherChannelId, author: { username: 'fay' }, content: 'over here' });
    expect(await refused({ message_reference: { message_id: '123' } })).toEqual(['message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE']);
    expect(await refused({ message_reference: { message_id: elsewhere.id } })).toEqual(['message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE']);
    expect(await refused({ message_reference: { message_id: elsewhere.id, channel_id: otherChannelId } })).toEqual([
      'message_reference',
      'MESSAGE_REFERENCE_INVALID_CHANNEL',
    ]);
    // Not failing: sent as a plain message, not as a reply.
    const plain = await post({ message_reference: { message_id: elsewhere.id, channel_id: otherChannelId, fail_if_not_exists: false } });
    expect(plain.status).toBe(200);
    expect(plain.body.message_reference).toBeUndefined();
    const here = sim.memberSays({ guildId: guild.id, channelId, author: { username: 'fay' }, content: 'right here' });
    const reply = await post({ message_reference: { message_id: here.id, channel_id: channelId, fail_if_not_exists: false } });
    expect(reply.body.message_reference?.message_id).toBe(here.id);
  });

  it('refuses a nonce longer than 25 characters', async () => {
    expect(await refused({ nonce: 'x'.repeat(26) })).toEqual(['nonce', 'BASE_TYPE_BAD_LENGTH']);
    expect((await post({ nonce: 'x'.repeat(25) })).status).toBe(200);
    expect((await post({ nonce: 12345 })).status).toBe(200);
  });

  const button = (customId: string, extra: Record<string, unknown> = {}) => ({ type: 2, style: 1, label: 'ok', custom_id: customId, ...extra });
  it.each([
    ['a bare button at top level', [button('a')], ['components.0.type', 'UNION_TYPE_CHOICES']],
    ['six action rows', Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [button(`b${i}`)] })), ['components', 'BASE_TYPE_MAX_LENGTH']],
    ['six buttons in a row', [{ type: 1, components: Array.from({ length: 6 }, (_, i) => button(`c${i}`)) }], ['components.0.components', 'BASE_TYPE_BAD_LENGTH']],
    ['an empty row', [{ type: 1, components: [] }], ['components.0.components', 'BASE_TYPE_BAD_LENGTH']],
    ['a button without custom_id', [{ type: 1, components: [{ type: 2, style: 1, label: 'x' }] }], ['components.0.components.0.custom_id', 'BASE_TYPE_BAD_LENGTH']],
    ['a 101-character custom_id', [{ type: 1, components: [button('x'.repeat(101))] }], ['components.0.components.0.custom_id', 'BASE_TYPE_BAD_LENGTH']],
    ['duplicate custom_ids', [{ type: 1, components: [button('d'), button('d')] }], ['components.0.components.1.custom_id', 'COMPONENT_CUSTOM_ID_DUPLICATED']],
    ['a link button without url', [{ type: 1, components: [{ type: 2, style: 5, label: 'x' }] }], ['components.0.components.0.url', 'BUTTON_COMPONENT_URL_REQUIRED']],
    ['an 81-character label', [{ type: 1, components: [button('e', { label: 'x'.repeat(81) })] }], ['components.0.components.0.label', 'BASE_TYPE_MAX_LENGTH']],
  ])('refuses components with %s', async (_label, components, expected) => {
    expect(await refused({ components })).toEqual(expected);
  });

  it('accepts well-formed action rows', async () => {
    const components = [{ type: 1, components: [button('herald:up'), button('herald:down'), { type: 2, style: 5, label: 'docs', url: 'https://example.com' }] }];
    expect((await post({ components })).status).toBe(200);
  });

  it.each([
    ['a 257-character title', [{ title: 'x'.repeat(257) }], ['embeds.0.title', 'BASE_TYPE_MAX_LENGTH']],
    ['a 4097-character description', [{ description: 'x'.repeat(4097) }], ['embeds.0.description', 'BASE_TYPE_MAX_LENGTH']],
    ['26 fields', [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }], ['embeds.0.fields', 'BASE_TYPE_MAX_LENGTH']],
    ['a 1025-character field value', [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }], ['embeds.0.fields.0.value', 'BASE_TYPE_MAX_LENGTH']],
    ['a field without a name', [{ fields: [{ value: 'v' }] }], ['embeds.0.fields.0.name', 'BASE_TYPE_REQUIRED']],
    ['a 2049-character footer', [{ footer: { text: 'x'.repeat(2049) } }], ['embeds.0.footer.text', 'BASE_TYPE_MAX_LENGTH']],
    ['more than 6000 characters in all', [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }], ['embeds', 'MAX_EMBED_SIZE_EXCEEDED']],
    ['eleven embeds', Array.from({ length: 11 }, () => ({ title: 't' })), ['embeds', 'BASE_TYPE_MAX_LENGTH']],
  ])('refuses embeds with %s', async (_label, embeds, expected) => {
    expect(await refused({ embeds })).toEqual(expected);
  });

  it('accepts embeds at their limits', async () => {
    expect((await post({ embeds: [{ title: 'x'.repeat(256), description: 'x'.repeat(4096), fields: [{ name: 'n', value: 'x'.repeat(1024) }] }] })).status).toBe(200);
  });

  it('validates edits the same way', async () => {
    const created = await post({});
    const edit = await json<ApiError>(`${sim.apiBase}/channels/${channelId}/messages/${created.body.id}`, {
      method: 'PATCH',
      token: DEFAULT_BOT.token,
      body: { allowed_mentions: { parse: ['users'], users: ['200000000000000001'] } },
    });
    expect(edit.status).toBe(400);
    expect(firstError(edit.body.errors)).toEqual(['allowed_mentions', 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE']);
  });
});
