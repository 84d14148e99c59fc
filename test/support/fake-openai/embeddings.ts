// The fake model's `/embeddings`: deterministic vectors that behave enough like a real multilingual embedding
// model for tests and the eval. Each word is normalised (lowercase, no diacritics); a word that belongs to one
// of the CONCEPTS below (in English, German, Polish, Spanish or French) adds to that concept's dimension, so
// "Rückerstattung", "zwrot" and "refund" land together; any other word is hashed into HASHED_DIMENSIONS with a
// smaller weight. Function words are skipped. Vectors are L2-normalised.

// A word belongs to a concept when it starts with one of the concept's forms (forms of 3 letters must match whole).
const CONCEPTS: readonly (readonly string[])[] = [
  ['refund', 'reimburs', 'ruckerstatt', 'erstatt', 'zwrot', 'reembols', 'devoluci', 'rembours'],
  ['return', 'ruckgab', 'rucksend', 'zwrot', 'zwroc', 'devoluci', 'devolv', 'retour'],
  ['password', 'passwort', 'kennwort', 'hasl', 'contrasen', 'passe'],
  ['forgot', 'forget', 'vergess', 'zapomn', 'olvid', 'oubli'],
  ['reset', 'zurucksetz', 'resetow', 'restablec', 'reinitialis'],
  ['invoice', 'receipt', 'rechnung', 'quittung', 'faktur', 'factur'],
  ['pay', 'payment', 'zahlung', 'bezahl', 'zahl', 'platnos', 'plac', 'pago', 'pagar', 'paiement', 'payer'],
  ['card', 'karte', 'kart', 'tarjet', 'carte'],
  ['ship', 'deliver', 'versand', 'versend', 'liefer', 'wysyl', 'wysyla', 'dostaw', 'envio', 'envia', 'livrai', 'livr', 'expedi'],
  ['countr', 'land', 'kraj', 'pais', 'pays'],
  ['track', 'sendungsverfolg', 'sendungsnumm', 'sledz', 'seguim', 'suivi'],
  ['number', 'nummer', 'numer', 'numero'],
  ['customs', 'duty', 'duties', 'zoll', 'cla', 'clo', 'aduan', 'arancel', 'douane', 'droits'],
  ['delete', 'remov', 'losch', 'usun', 'elimin', 'borr', 'supprim'],
  ['account', 'konto', 'cuenta', 'compte'],
  ['cancel', 'kundig', 'stornier', 'anul', 'annul', 'resili'],
  ['subscri', 'abonnement', 'abo', 'subskrypc', 'suscripc'],
  ['plan', 'tarif'],
  ['price', 'pricing', 'cost', 'preis', 'kost', 'cena', 'ceny', 'precio', 'prix', 'cout'],
  ['api'],
  ['key', 'schlussel', 'klucz', 'clave', 'cle'],
  ['creat', 'erstell', 'utworz', 'crear', 'creer'],
  ['webhook'],
  ['signatur', 'podpis', 'firma'],
  ['verif', 'prufen', 'uberpruf', 'weryfik', 'comprob'],
  ['order', 'bestell', 'zamowien', 'pedido', 'commande'],
  ['team', 'zespol', 'equipo', 'equipe'],
  ['member', 'mitglied', 'czlon', 'miembro', 'membre'],
  ['invit', 'einlad', 'zapros'],
  ['email', 'mail', 'correo', 'courriel'],
  ['change', 'chang', 'ander', 'zmien', 'zmian', 'cambi', 'modifi'],
  ['address', 'adress', 'adres', 'direcci'],
  ['long', 'dauer', 'lange', 'czas', 'tiempo', 'temps', 'delai', 'day', 'tage', 'dni', 'dias', 'jours'],
  ['file', 'datei', 'plik', 'archiv', 'fichier'],
  ['upload', 'hochlad', 'przesl', 'subir'],
  ['download', 'herunterlad', 'pobier', 'descarg', 'telecharg'],
  ['size', 'grosse', 'rozmiar', 'tamano', 'taille'],
  ['material', 'materi', 'matiere'],
  ['discount', 'rabatt', 'rabat', 'znizk', 'descuent', 'remise', 'reduc'],
  ['support', 'hilfe', 'kundendienst', 'pomoc', 'soporte', 'ayuda', 'assistance'],
  ['hour', 'stund', 'godzin', 'hora', 'heure'],
  ['data', 'daten', 'dane', 'datos', 'donnee'],
  ['privacy', 'datenschutz', 'prywatnos', 'privacidad', 'confidential', 'gdpr', 'dsgvo', 'rodo', 'rgpd'],
  ['lost', 'damag', 'verlor', 'beschadig', 'zgubi', 'uszkodz', 'perdid', 'dano', 'perdu', 'endommag'],
  ['parcel', 'package', 'paket', 'paczk', 'paquet'],
  ['2fa', 'two-factor', 'factor', 'faktor', 'dwuetap', 'authentica', 'authentif', 'uwierzyt'],
  ['sign', 'login', 'anmeld', 'logow', 'zalog', 'iniciar', 'connexion'],
  ['shop', 'store', 'laden', 'sklep', 'tienda', 'boutique'],
  ['integrat', 'integrac'],
  ['limit'],
  ['error', 'fehler', 'blad', 'erreur'],
  ['mockup'],
  ['referral', 'refer', 'empfehl', 'polec', 'referid', 'parrain'],
  ['bulk', 'unit', 'menge', 'ilosc', 'cantidad', 'quantit'],
  ['express', 'ekspres', 'expres'],
];

const HASHED_DIMENSIONS = 256;
export const FAKE_EMBEDDING_DIMENSIONS = CONCEPTS.length + HASHED_DIMENSIONS;
// A word outside the concepts says less about the meaning than a concept word.
const HASHED_WEIGHT = 0.35;

const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'is', 'are', 'to', 'of', 'in', 'on', 'for', 'with', 'you', 'your', 'i', 'my', 'me', 'it', 'this', 'that',
  'do', 'does', 'can', 'how', 'what', 'where', 'when', 'why', 'which', 'be', 'we', 'our', 'at', 'by', 'as', 'from', 'if', 'so', 'get',
  'der', 'die', 'das', 'und', 'ist', 'ich', 'wie', 'wo', 'mein', 'meine', 'meinen', 'ein', 'eine', 'einen', 'zu', 'fur', 'mit', 'habe', 'finde', 'bekomme',
  'el', 'la', 'los', 'las', 'de', 'y', 'que', 'en', 'un', 'una', 'mi', 'mis', 'como', 'donde', 'esta', 'es', 'por', 'para', 'solicito',
  'le', 'les', 'des', 'du', 'et', 'est', 'je', 'mon', 'ma', 'mes', 'comment', 'ou', 'dois', 'obtenir',
  'jak', 'czy', 'do', 'na', 'za', 'sie', 'jakich', 'mam', 'otrzymac',
]);

function normalise(text: string): string[] {
  return (text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replaceAll('ł', 'l').match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? []).filter(
    (word) => !FUNCTION_WORDS.has(word),
  );
}

function conceptsOf(word: string): number[] {
  const found: number[] = [];
  CONCEPTS.forEach((forms, index) => {
    if (forms.some((form) => (form.length <= 3 ? word === form || word === `${form}s` : word.startsWith(form)))) found.push(index);
  });
  return found;
}

function hash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The fake embedding of a text (deterministic; similar meanings across the five languages land close). */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of normalise(text)) {
    const concepts = conceptsOf(word);
    if (concepts.length > 0) for (const index of concepts) vector[index] = (vector[index] ?? 0) + 1;
    else {
      const index = CONCEPTS.length + (hash(word.slice(0, 6)) % HASHED_DIMENSIONS);
      vector[index] = (vector[index] ?? 0) + HASHED_WEIGHT;
    }
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? vector : vector.map((x) => x / norm);
}
