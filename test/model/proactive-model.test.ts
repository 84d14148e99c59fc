// With a model, a proactive post is written by the model from the topics and the knowledge base, and a
// second post never repeats the first.

import { describe, expect, it } from 'vitest';
import { api, createGuild } from '../integration/support';
import { requestMark, requestsSince, systemPrompt } from './support';

describe('proactive posts from the model', () => {
  it('asks the model with topics, knowledge and recent posts, and posts something new each time', async () => {
    const guild = await createGuild('Proactive Model Guild', ['general']);
    await api(`/api/guilds/${guild.id}/knowledge`, {
      body: { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Annual plans are refunded pro rata after that.' },
    });
    await api(`/api/guilds/${guild.id}/knowledge`, {
      body: { title: 'Password resets', content: 'Reset links are valid for one hour. Accounts lock for 15 minutes after 10 failed attempts.' },
    });
    await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { proactive: { channel: 'general', topics: 'refunds, password resets' } } });

    const mark = await requestMark();
    const first = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(first.status).toBe(200);
    const firstPost = await first.json<{ content: string }>();
    const [request] = await requestsSince(mark);
    expect(request).toBeDefined();
    expect(systemPrompt(request!)).toContain('<knowledge>');
    expect(JSON.stringify(request!.messages)).toContain('<topics>');

    const second = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(second.status).toBe(200);
    const secondPost = await second.json<{ content: string }>();
    expect(secondPost.content).not.toBe(firstPost.content);
    expect(secondPost.content).not.toMatch(/@(everyone|here)/);
  });
});
