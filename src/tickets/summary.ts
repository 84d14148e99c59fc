// The opening message of a ticket thread: who, why, and the member's last turns (bounded), pinging only staff.

import type { Turn } from '../guild/conversation-store';

/** Turns of the conversation quoted in a ticket's summary, and how much of each. */
export const TICKET_SUMMARY_TURNS = 6;
export const TICKET_SUMMARY_TURN_CHARS = 200;
/** Discord's message limit, kept with room to spare. */
const MAX_SUMMARY_CHARS = 1_900;

/** Mentions in quoted text are made inert (a zero-width space after "<"), so a quote cannot look like a ping. */
function inert(text: string): string {
  return text.replace(/<([@#])/g, '<\u200b$1').replace(/@(everyone|here)/gi, '@\u200b$1');
}

export function ticketSummary(input: { userId: string; sourceChannelId: string; trigger: string; staffRoleIds: readonly string[]; turns: readonly Turn[] }): string {
  const pings = input.staffRoleIds.map((role) => `<@&${role}>`).join(' ');
  const lines = [`${pings ? `${pings} ` : ''}New ticket from <@${input.userId}> (they ${input.trigger}) in <#${input.sourceChannelId}>.`];
  const turns = input.turns.slice(-TICKET_SUMMARY_TURNS);
  if (turns.length > 0) {
    lines.push('Recent conversation:');
    for (const turn of turns) {
      const who = turn.role === 'user' ? 'Member' : turn.role === 'bot' ? 'Herald' : 'Agent';
      const text = inert(turn.content.replace(/\s+/g, ' ').trim());
      lines.push(`> **${who}:** ${text.length > TICKET_SUMMARY_TURN_CHARS ? `${text.slice(0, TICKET_SUMMARY_TURN_CHARS - 1)}…` : text}`);
    }
  } else {
    lines.push('No earlier conversation with Herald.');
  }
  lines.push('Reply here to help them; Herald stays quiet in this thread until the ticket is closed.');
  const text = lines.join('\n');
  return text.length > MAX_SUMMARY_CHARS ? `${text.slice(0, MAX_SUMMARY_CHARS - 1)}…` : text;
}
