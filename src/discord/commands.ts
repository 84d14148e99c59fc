// Slash-command definitions, written once and shared by the worker (to route interactions) and
// scripts/register-commands.ts (to register them), so the two can never drift apart.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type APIChatInputApplicationCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export const ASK_QUESTION_OPTION = 'question';

export const ASK_COMMAND = {
  name: 'ask',
  description: 'Ask Herald a question about this server',
  type: ApplicationCommandType.ChatInput,
  options: [
    {
      name: ASK_QUESTION_OPTION,
      description: 'Your question',
      type: ApplicationCommandOptionType.String,
      required: true,
      max_length: 1000,
    },
  ],
  // Herald answers from a guild's own knowledge, so the command means nothing in DMs.
  contexts: [InteractionContextType.Guild],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const COMMANDS = [ASK_COMMAND] satisfies RESTPutAPIApplicationCommandsJSONBody;

/** The `question` option of an /ask interaction, trimmed; null when missing, not a string, or blank. */
export function askQuestionOf(interaction: APIChatInputApplicationCommandInteraction): string | null {
  const option = interaction.data.options?.find((o) => o.name === ASK_QUESTION_OPTION);
  if (!option || option.type !== ApplicationCommandOptionType.String) return null;
  const question = option.value.trim();
  return question === '' ? null : question;
}
