// With a model, a proactive post is written by the model from the topics and the knowledge base: the model is
// sent the owner's topics, the knowledge passages and (the second time) the earlier post as recent, and what
// reaches the channel is exactly what the model wrote.

import { afterAll, describe, expect, it } from 'vitest';
import { api, channelMessages, createGuild } from '../integration/support';
import { requestMark, requestsSince, resetModel, steerModel, systemPrompt, userMessages } from './support';

const REFUNDS = 'Refunds are issued within 14 days of purchase. Annual plans are refunded pro rata after that.';
const RESETS = 'Reset links are valid for one hour. Accounts lock for 15 minutes after 10 failed attempts.';

afterAll(resetModel);

describe('proactive posts from the model', () => {
  it('sends the model the topics, the knowledge and the recent posts, and posts what it wrote', async () => {
    const guild = await createGuild('Proactive Model Guild', ['general']);
    await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Refund policy', content: REFUNDS } });
    await api(`/api/guilds/${guild.id}/knowledge`, { body: { title: 'Password resets', content: RESETS } });
    await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { proactive: { channel: 'general', topics: 'refunds, password resets' } } });
    // A model whose posts are recognisable: what reaches the channel must be its text, untouched.
    await steerModel((request) =>
      request.system.includes('proactive post')
        ? request.call === 1
          ? 'Tip: password reset links are valid for one hour.'
          : 'Tip: refunds are issued within 14 days of purchase.'
        : null,
    );

    const mark = await requestMark();
    const first = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(first.status).toBe(200);
    expect((await first.json<{ content: string }>()).content).toBe('Tip: password reset links are valid for one hour.');
    const firstRequests = await requestsSince(mark);
    expect(firstRequests).toHaveLength(1);
    const [request] = firstRequests;
    const system = systemPrompt(request!);
    expect(system).toMatch(/<knowledge>[\s\S]*Refund policy[\s\S]*<\/knowledge>/);
    expect(system).toContain('Refunds are issued within 14 days');
    expect(system).toContain('Password resets');
    expect(system).toContain('Reset links are valid for one hour');
    const prompt = userMessages(request!).join('\n');
    expect(prompt).toMatch(/<topics>\s*- refunds\s*- password resets\s*<\/topics>/);
    expect(prompt).toMatch(/<recent>\s*\(no recent posts\)\s*<\/recent>/);

    const secondMark = await requestMark();
    const second = await api(`/api/guilds/${guild.id}/proactive/send-now`, { method: 'POST' });
    expect(second.status).toBe(200);
    expect((await second.json<{ content: string }>()).content).toBe('Tip: refunds are issued within 14 days of purchase.');
    const secondRequests = await requestsSince(secondMark);
    expect(secondRequests).toHaveLength(1);
    // The first post is given back to the model as recent, so it can say something else.
    expect(userMessages(secondRequests[0]!).join('\n')).toMatch(/<recent>\s*\[1\] Tip: password reset links are valid for one hour\.\s*<\/recent>/);

    const posted = (await channelMessages(guild.channels[0]!.id)).filter((message) => message.author.bot === true).map((message) => message.content);
    expect(posted).toEqual(['Tip: password reset links are valid for one hour.', 'Tip: refunds are issued within 14 days of purchase.']);
  });
});
