// The buttons Herald puts on its messages (contract §8): one action row under an answer (👍, 👎, "Talk to a
// human", and "Solved" in a forum thread), and "Close ticket" on a ticket's opening message.

import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import { buildCustomId } from '../components/custom-id';

export type ActionRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export const VOTE_UP_LABEL = '👍';
export const VOTE_DOWN_LABEL = '👎';
export const HUMAN_LABEL = 'Talk to a human';
export const SOLVED_LABEL = 'Solved';
export const CLOSE_TICKET_LABEL = 'Close ticket';

function button(label: string, style: APIButtonComponentWithCustomId['style'], customId: string): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label, custom_id: customId };
}

/**
 * The row under an answer. `answerId` is the question's message (or interaction) id, so the buttons exist
 * before the answer is posted; `forumThreadId` adds "Solved" for a forum post's thread.
 */
export function answerButtons(answerId: string, options: { human: boolean; forumThreadId: string | null }): ActionRow[] {
  const components = [
    button(VOTE_UP_LABEL, ButtonStyle.Secondary, buildCustomId('vote', 'up', answerId)),
    button(VOTE_DOWN_LABEL, ButtonStyle.Secondary, buildCustomId('vote', 'down', answerId)),
  ];
  if (options.human) components.push(button(HUMAN_LABEL, ButtonStyle.Primary, buildCustomId('human', answerId)));
  if (options.forumThreadId) components.push(button(SOLVED_LABEL, ButtonStyle.Success, buildCustomId('solved', options.forumThreadId)));
  return [{ type: ComponentType.ActionRow, components }];
}

export function closeTicketButtons(threadId: string): ActionRow[] {
  return [{ type: ComponentType.ActionRow, components: [button(CLOSE_TICKET_LABEL, ButtonStyle.Danger, buildCustomId('ticket', 'close', threadId))] }];
}
