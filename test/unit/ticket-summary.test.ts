import { describe, expect, it } from 'vitest';
import { TICKET_SUMMARY_TURN_CHARS, TICKET_SUMMARY_TURNS, ticketSummary } from '../../src/tickets/summary';

describe('ticketSummary', () => {
  const base = { userId: '1', sourceChannelId: '2', trigger: 'clicked "Talk to a human"', staffRoleIds: ['30', '31'] };

  it('pings the staff roles, quotes the last turns (bounded) and makes quoted mentions inert', () => {
    const turns = Array.from({ length: 10 }, (_, i) => ({ role: i % 2 ? ('bot' as const) : ('user' as const), content: `turn ${i} @everyone <@&30> ${'x'.repeat(300)}`, at: i }));
    const text = ticketSummary({ ...base, turns });
    expect(text.startsWith('<@&30> <@&31> New ticket from <@1>')).toBe(true);
    expect(text.match(/^> /gm)).toHaveLength(TICKET_SUMMARY_TURNS);
    expect(text).toContain('turn 9');
    expect(text).not.toContain('turn 3 ');
    expect(text).not.toContain('@everyone');
    expect(text.match(/<@&30>/g)).toHaveLength(1);
    for (const line of text.split('\n').filter((l) => l.startsWith('> '))) expect(line.length).toBeLessThan(TICKET_SUMMARY_TURN_CHARS + 30);
    expect(text.length).toBeLessThanOrEqual(2000);
  });

  it('says so when there was no conversation', () => {
    expect(ticketSummary({ ...base, staffRoleIds: [], turns: [] })).toMatch(/^New ticket from <@1>[\s\S]*No earlier conversation/);
  });
});
