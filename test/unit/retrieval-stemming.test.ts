// Stemming in five languages: inflected forms of a word share a stem, in the question (every language's stems)
// and in the passage (its own language's), so "Rechnungen" finds "Rechnung" and "zwrotów" finds "zwroty".

import { describe, expect, it } from 'vitest';
import { toStemFtsQuery } from '../../src/knowledge/fts-query';
import { detectLanguage } from '../../src/retrieval/languages';
import { stemPolish } from '../../src/retrieval/polish-stemmer';
import { fold, stemText, stemVariants, stemWord } from '../../src/retrieval/stem';

/** Does the question word meet the passage word (as the stem index matches them)? */
function meets(questionWord: string, passageWord: string, passageLanguage: Parameters<typeof stemWord>[1]): boolean {
  return stemVariants(questionWord).includes(stemWord(passageWord, passageLanguage));
}

describe('stemming', () => {
  it.each([
    ['de', 'Rechnungen', 'Rechnung'],
    ['de', 'Sendungsnummern', 'Sendungsnummer'],
    ['de', 'erhalte', 'erhalten'],
    ['de', 'Bestellungen', 'Bestellung'],
    ['pl', 'zwrotów', 'zwroty'],
    ['pl', 'wadliwych', 'wadliwego'],
    ['pl', 'wymiany', 'wymiana'],
    ['pl', 'reklamację', 'reklamacje'],
    ['pl', 'bezpłatne', 'bezpłatna'],
    ['es', 'aceptáis', 'aceptamos'],
    ['es', 'facturas', 'factura'],
    ['es', 'descargo', 'descargar'],
    ['fr', 'supprimés', 'supprimer'],
    ['fr', 'comptes', 'compte'],
    ['fr', 'restaurés', 'restaurer'],
    ['en', 'refunds', 'refund'],
    ['en', 'cancelling', 'cancelled'],
  ] as const)('%s: "%s" in a question finds "%s" in a passage', (lang, question, passage) => {
    expect(meets(question, passage, lang)).toBe(true);
  });

  it('keeps different words apart', () => {
    expect(meets('Rechnung', 'Versand', 'de')).toBe(false);
    expect(meets('zwrot', 'wymiana', 'pl')).toBe(false);
    expect(meets('refund', 'shipping', 'en')).toBe(false);
  });

  it('folds case and diacritics, so a question typed without them still meets', () => {
    expect(fold('rückerstattung')).toBe('ruckerstattung');
    expect(fold('złożyć')).toBe('zlozyc');
    expect(meets('Ruckerstattungen', 'Rückerstattung', 'de')).toBe(true);
  });

  it('leaves numbers and pasted tokens whole', () => {
    expect(stemWord('429', 'en')).toBe('429');
    expect(stemWord('a'.repeat(50), 'de')).toBe('a'.repeat(50));
  });

  it('strips Polish endings only while a stem of three letters remains', () => {
    expect(stemPolish('zwrotów')).toBe('zwrot');
    expect(stemPolish('ola')).toBe('ola');
    expect(stemPolish('kota')).toBe('kot');
  });

  it("stems a passage in its own language's rules", () => {
    expect(stemText('Rechnungen und Bestellungen', 'de')).toBe('rechnung und bestell');
    expect(stemText('refunds and orders', 'en')).toBe('refund and order');
  });

  it('tells the languages apart by their function words and letters', () => {
    expect(detectLanguage('Wie lange dauert der Versand?')).toBe('de');
    expect(detectLanguage('Czy mogę zwrócić produkt?')).toBe('pl');
    expect(detectLanguage('¿Dónde descargo mis facturas?')).toBe('es');
    expect(detectLanguage("J'ai oublié mes mots de passe")).toBe('fr');
    expect(detectLanguage('How do refunds work?')).toBe('en');
    expect(detectLanguage('PayPal SEPA')).toBe('en');
  });

  it("searches every language's stem of each word, skipping every language's function words", () => {
    expect(toStemFtsQuery('Wo finde ich meine Rechnungen?')).toBe('"finde" OR "find" OR "rechnungen" OR "rechnung"');
    expect(toStemFtsQuery('und der die das')).toBeNull();
  });
});
