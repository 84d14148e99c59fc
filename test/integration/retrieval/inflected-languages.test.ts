// Offline, a question in the knowledge base's own language finds its passage through inflected forms the
// passage does not contain (German, Polish, Spanish, French): the stem index, not only English porter stemming.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, createGuild, memberSays, replyContent, startGatewayAndWait, stopGateway, TEST_BOT, type SimGuildInfo } from '../support';

const DOCUMENTS = [
  { title: 'Lieferung', content: 'Die Sendungsnummer erhalten Sie per E-Mail, sobald das Paket unser Lager verlässt.' },
  { title: 'Reklamacje', content: 'Wymiana wadliwego wydruku jest bezpłatna.' },
  { title: 'Pagos', content: 'Aceptamos tarjetas de crédito y la domiciliación bancaria.' },
  { title: 'Compte', content: 'Les comptes supprimés peuvent être restaurés pendant 30 jours.' },
];

// Each question shares no word form with its passage: only the stems meet.
const CASES = [
  { lang: 'German', question: 'Wann erhalte ich die Sendungsnummern meiner Pakete?', source: 'Lieferung' },
  { lang: 'Polish', question: 'Czy wymiany wadliwych wydruków są bezpłatne?', source: 'Reklamacje' },
  { lang: 'Spanish', question: '¿Aceptáis tarjeta o domiciliaciones?', source: 'Pagos' },
  { lang: 'French', question: 'Peut-on restaurer un compte supprimé ?', source: 'Compte' },
];

describe('inflected questions in the knowledge base language (offline)', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    guild = await createGuild('Inflected Languages Guild');
    for (const doc of DOCUMENTS) await addKnowledge(guild.id, doc);
  });
  afterAll(stopGateway);

  // One member per question, so no question is read as a follow-up of another.
  it.each(CASES.map((item, index) => ({ ...item, userId: `20000000000000140${index}` })))('$lang: finds the passage', async ({ question, source, userId }) => {
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> ${question}`, { userId, username: `inflected-${userId}` });
    expect(await replyContent(message.id)).toContain(`Source: ${source}`);
  });
});
