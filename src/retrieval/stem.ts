// Stemming for full-text search in English, German, Spanish, French and Polish, applied alike to the indexed
// passages and to questions, so inflected forms meet ("Rechnungen" finds "Rechnung", "zwrotów" finds "zwroty").
// SQLite's porter tokenizer only knows English. English, German, Spanish and French use the Snowball stemmers
// of @orama/stemmers; Polish, which Snowball lacks, uses our light stemmer. Stems are lowercased and without
// diacritics, so "Rückerstattung" and "Ruckerstattung" meet too.

import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { detectLanguage, STEM_LANGUAGES, wordsOf, type StemLanguage } from './languages';
import { stemPolish } from './polish-stemmer';
import { setBounded } from '../bounded-map';

// Longer "words" are pasted hashes or tokens: kept whole, never stemmed.
const MAX_STEMMED_LENGTH = 40;

const STEMMERS: Record<StemLanguage, (word: string) => string> = {
  en: english,
  de: german,
  es: spanish,
  fr: french,
  pl: stemPolish,
};

/** Without diacritics ("é" → "e", "ł" → "l"); callers pass lowercase words. */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('ł', 'l').replaceAll('ø', 'o').replaceAll('ß', 'ss');
}

/**
 * Stems already computed, by language and word. Every question is stemmed in all five languages and every
 * offline answer stems its passage, and members' words repeat, so most stems are found here (stemming was a
 * tenth of the Worker's CPU per answer). Bounded: emptied when it holds STEM_CACHE_LIMIT words (≈ 2 MB).
 */
const stemCache = new Map<string, string>();
export const STEM_CACHE_LIMIT = 20_000;

export function stemWord(word: string, lang: StemLanguage): string {
  const key = `${lang}:${word}`;
  const cached = stemCache.get(key);
  if (cached !== undefined) return cached;
  const lower = word.toLowerCase();
  const stem = lower.length > MAX_STEMMED_LENGTH || /\d/.test(lower) ? fold(lower) : fold(STEMMERS[lang](lower));
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(key, stem);
  return stem;
}

/** How many stems the cache holds (for its test). */
export function stemCacheSize(): number {
  return stemCache.size;
}

/** A text as the stems of its words in its own language, space-separated: what the stem index holds. */
export function stemText(text: string, lang: StemLanguage = detectLanguage(text)): string {
  // Each distinct word is stemmed once: prose repeats its words, and stemming is the costly part.
  const stems = new Map<string, string>();
  return wordsOf(text)
    .map((word) => {
      let stem = stems.get(word);
      if (stem === undefined) {
        stem = stemWord(word, lang);
        stems.set(word, stem);
      }
      return stem;
    })
    .join(' ');
}

/**
 * A question's word as every stem it could have: the language of a short question is a poor guess, so it is
 * stemmed by every language's rules (each passage was stemmed by its own language's only).
 */
export function stemVariants(word: string): readonly string[] {
  let variants = knownVariants.get(word);
  if (!variants) {
    variants = Object.freeze([...new Set([fold(word.toLowerCase()), ...STEM_LANGUAGES.map((lang) => stemWord(word, lang))])].filter((stem) => stem.length > 0));
    setBounded(knownVariants, word, variants, KNOWN_VARIANTS_KEPT);
  }
  return variants;
}

/** Question words stemmed lately (members ask with the same words; each answer checks each word per passage); at most this many. */
const KNOWN_VARIANTS_KEPT = 2_000;
const knownVariants = new Map<string, readonly string[]>();
