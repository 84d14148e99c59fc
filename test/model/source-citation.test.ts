// With a model, an answer from a page imported from the web ends with that page's title and link, whatever
// the model wrote (src/sources/citations.ts); answers from typed documents stay as the model wrote them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, askBot, createGuild, onlyReplyContent, startGatewayAndWait, stopGateway } from '../integration/support';
import { addSource, createSite, setPage, synced, type SourceJson } from '../integration/sources/support';

describe('a model answer from a web page', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('cites the page as a masked link without an embed', async () => {
    const site = await createSite();
    await setPage(site, '/refunds', { body: '<title>Refund policy</title><main><p>Refunds are issued within 14 days of purchase.</p></main>' });
    const guild = await createGuild('Model Source Citation Guild');
    const added = await (await addSource(guild.id, { url: `${site.url}/refunds`, kind: 'page' })).json<SourceJson>();
    expect((await synced(guild.id, added.id)).status).toBe('ok');

    const question = await askBot(guild, 'how do refunds work?');
    expect(await onlyReplyContent(guild, question)).toBe(
      `According to "Refund policy": Refunds are issued within 14 days of purchase.\n\nSource: [Refund policy](<${site.url}/refunds>)`,
    );
  });

  it('leaves an answer from a typed document as the model wrote it', async () => {
    const guild = await createGuild('Model Typed Citation Guild');
    await addKnowledge(guild.id, { title: 'Shipping', content: 'We ship worldwide within 5 business days.' });
    const question = await askBot(guild, 'do you ship worldwide?');
    expect(await onlyReplyContent(guild, question)).toBe('According to "Shipping": We ship worldwide within 5 business days.');
  });
});
