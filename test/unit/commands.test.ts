import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  InteractionType,
  Locale,
  type GuildMemberFlags,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionDataOptionBase,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ASK_COMMAND, COMMANDS, askQuestionOf } from '../../src/discord/commands';

const GUILD = '333333333333333333';
const CHANNEL = '111111111111111111';
const USER = '666666666666666666';

function askInteraction(options?: APIApplicationCommandInteractionDataOption[]): APIChatInputApplicationCommandInteraction {
  return {
    id: '888888888888888888',
    application_id: '100000000000000001',
    type: InteractionType.ApplicationCommand,
    token: 'interaction-token',
    version: 1,
    app_permissions: '0',
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 8_388_608,
    context: InteractionContextType.Guild,
    guild_id: GUILD,
    channel_id: CHANNEL,
    channel: { id: CHANNEL, type: ChannelType.GuildText },
    member: {
      user: { id: USER, username: 'asker', discriminator: '0', global_name: null, avatar: null },
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      // No member flags set; the enum has no zero member.
      flags: 0 as GuildMemberFlags,
      permissions: '0',
    },
    data: {
      id: '999999999999999999',
      name: 'ask',
      type: ApplicationCommandType.ChatInput,
      ...(options ? { options } : {}),
    },
  };
}

const question = (value: string): APIInteractionDataOptionBase<ApplicationCommandOptionType.String, string> => ({
  name: 'question',
  type: ApplicationCommandOptionType.String,
  value,
});

describe('ASK_COMMAND', () => {
  it('is a guild-only chat-input command with one required, bounded question option', () => {
    expect(ASK_COMMAND).toEqual({
      name: 'ask',
      description: 'Ask Herald a question about this server',
      type: ApplicationCommandType.ChatInput,
      options: [
        { name: 'question', description: 'Your question', type: ApplicationCommandOptionType.String, required: true, max_length: 1000 },
      ],
      contexts: [InteractionContextType.Guild],
    });
    // Enum values as Discord expects them on the wire (guards against enums loading as undefined).
    expect(JSON.parse(JSON.stringify(ASK_COMMAND))).toMatchObject({ type: 1, options: [{ type: 3 }], contexts: [0] });
  });

  it('COMMANDS holds valid, uniquely named commands', () => {
    expect(COMMANDS).toEqual([ASK_COMMAND]);
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of COMMANDS) {
      // Discord's rules for chat-input command and option names and descriptions.
      expect(command.name).toMatch(/^[-_'\p{L}\p{N}]{1,32}$/u);
      expect(command.name).toBe(command.name.toLowerCase());
      expect(command.description.length).toBeGreaterThanOrEqual(1);
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const option of command.options) {
        expect(option.name).toMatch(/^[-_'\p{L}\p{N}]{1,32}$/u);
        expect(option.description.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('askQuestionOf', () => {
  it('returns the question option', () => {
    expect(askQuestionOf(askInteraction([question('How do I get the member role?')]))).toBe('How do I get the member role?');
  });

  it('trims surrounding whitespace', () => {
    expect(askQuestionOf(askInteraction([question('  where are the rules?\n')]))).toBe('where are the rules?');
  });

  it('finds the option among others', () => {
    const other: APIInteractionDataOptionBase<ApplicationCommandOptionType.Boolean, boolean> = {
      name: 'private',
      type: ApplicationCommandOptionType.Boolean,
      value: true,
    };
    expect(askQuestionOf(askInteraction([other, question('hi?')]))).toBe('hi?');
  });

  it('returns null when the option is missing, empty, blank or not a string', () => {
    expect(askQuestionOf(askInteraction())).toBeNull();
    expect(askQuestionOf(askInteraction([]))).toBeNull();
    expect(askQuestionOf(askInteraction([question('')]))).toBeNull();
    expect(askQuestionOf(askInteraction([question('   ')]))).toBeNull();
    const wrongType: APIInteractionDataOptionBase<ApplicationCommandOptionType.Integer, number> = {
      name: 'question',
      type: ApplicationCommandOptionType.Integer,
      value: 42,
    };
    expect(askQuestionOf(askInteraction([wrongType]))).toBeNull();
    const otherName: APIInteractionDataOptionBase<ApplicationCommandOptionType.String, string> = {
      name: 'topic',
      type: ApplicationCommandOptionType.String,
      value: 'roles',
    };
    expect(askQuestionOf(askInteraction([otherName]))).toBeNull();
  });
});
