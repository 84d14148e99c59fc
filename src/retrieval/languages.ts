// The languages Herald's full-text search understands beyond English: function words (never searched for) and
// a guess at which language a text is in, so each passage is stemmed with its own language's rules.

export const STEM_LANGUAGES = ['en', 'de', 'es', 'fr', 'pl'] as const;
export type StemLanguage = (typeof STEM_LANGUAGES)[number];

// Function words per language. Words that are also meaningful English words ("car", "son", "pour") are left out.
const FUNCTION_WORDS: Record<StemLanguage, readonly string[]> = {
  en: ['the', 'and', 'is', 'are', 'to', 'of', 'you', 'your', 'for', 'with', 'in', 'on', 'it', 'this', 'that', 'be', 'can', 'will', 'do', 'does', 'my', 'how', 'what', 'we', 'our', 'or', 'an'],
  de: ['der', 'die', 'das', 'und', 'ist', 'sind', 'nicht', 'mit', 'sie', 'ein', 'eine', 'einen', 'einer', 'den', 'dem', 'des', 'zu', 'für', 'auf', 'von', 'wird', 'werden', 'ich', 'wie', 'wir', 'sich', 'bei', 'nach', 'mein', 'meine', 'meinen', 'meiner', 'ihr', 'ihre', 'kann', 'können', 'es', 'gibt', 'wo', 'wann', 'warum', 'was', 'welche', 'habe', 'hat', 'haben', 'auch', 'oder', 'aber', 'im', 'am', 'vom', 'zum', 'zur', 'dass', 'noch', 'nur', 'so', 'da', 'man', 'uns', 'euch'],
  es: ['el', 'la', 'los', 'las', 'de', 'y', 'que', 'en', 'un', 'una', 'es', 'por', 'para', 'con', 'su', 'sus', 'se', 'del', 'al', 'lo', 'como', 'cómo', 'más', 'puede', 'puedo', 'mi', 'mis', 'qué', 'dónde', 'cuándo', 'cuál', 'hay', 'yo', 'me', 'le', 'les', 'o', 'pero', 'este', 'esta', 'esto', 'eso', 'tengo', 'son', 'está', 'están'],
  fr: ['le', 'la', 'les', 'de', 'des', 'du', 'et', 'est', 'un', 'une', 'en', 'que', 'qui', 'dans', 'vous', 'votre', 'vos', 'nous', 'notre', 'sur', 'pas', 'avec', 'au', 'aux', 'sont', 'peut', 'je', 'mon', 'ma', 'mes', 'comment', 'où', 'quand', 'quel', 'quelle', 'ce', 'cette', 'ces', 'il', 'elle', 'on', 'ne', 'se', 'sa', 'ses', 'ai', 'puis', 'être', 'avoir', 'faut', 'dois', 'doit', 'combien'],
  pl: ['i', 'w', 'z', 'na', 'nie', 'się', 'jest', 'do', 'to', 'że', 'o', 'od', 'jak', 'czy', 'dla', 'po', 'co', 'ale', 'przez', 'są', 'być', 'można', 'oraz', 'lub', 'jego', 'ich', 'mój', 'moje', 'moja', 'mojego', 'mam', 'mogę', 'gdzie', 'kiedy', 'jakie', 'jaki', 'jaka', 'ile', 'ten', 'ta', 'tego', 'tym', 'za', 'we', 'ze', 'mi', 'mnie', 'już', 'tak', 'a'],
};

// Letters only one of these languages uses: strong evidence even in a short text.
const MARK_LETTERS: Partial<Record<StemLanguage, RegExp>> = {
  de: /[äöüß]/g,
  es: /[ñ¿¡]/g,
  fr: /[çèêëîïôœùû]/g,
  pl: /[ąćęłńśźż]/g,
};

const FUNCTION_WORD_SETS = Object.fromEntries(STEM_LANGUAGES.map((lang) => [lang, new Set(FUNCTION_WORDS[lang])])) as Record<StemLanguage, Set<string>>;

/** Every language's function words: none of them is a search term. */
export const ALL_FUNCTION_WORDS: ReadonlySet<string> = new Set(STEM_LANGUAGES.flatMap((lang) => FUNCTION_WORDS[lang]));

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** The words of a text, lowercased, in order. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The language a text is most likely in (English when nothing points elsewhere). */
export function detectLanguage(text: string): StemLanguage {
  const words = wordsOf(text);
  const lower = text.toLowerCase();
  let best: StemLanguage = 'en';
  let bestScore = 0;
  for (const lang of STEM_LANGUAGES) {
    const set = FUNCTION_WORD_SETS[lang];
    let score = words.reduce((sum, word) => sum + (set.has(word) ? 1 : 0), 0);
    const marks = MARK_LETTERS[lang];
    if (marks) score += 2 * (lower.match(marks)?.length ?? 0);
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}
