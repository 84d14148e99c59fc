// Discord signs every interaction request with Ed25519 over `timestamp + rawBody`; an endpoint that accepts
// unsigned requests is disabled by Discord's own probes. A signature whose X-Signature-Timestamp is more than
// SIGNATURE_WINDOW_SECONDS from now is refused (`timestampIsFresh`, before any actor is touched), so a captured
// request can only be replayed inside that window, where the guild actor still knows the interaction id.

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const MAX_CACHED_KEYS = 100;
/** How far (either way, for clock skew) a signature's timestamp may be from now: Discord delivers at once. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

interface VerifyKey {
  key: CryptoKey;
  /** Algorithm name the key was imported under ('Ed25519', or workerd's older 'NODE-ED25519'). */
  algorithm: string;
}

// One public key per application in practice; the bound only guards against callers passing many keys.
const keyCache = new Map<string, Promise<VerifyKey | null>>();

/** Bytes of an even-length hex string of exactly `length` bytes, or null. */
function hexBytes(hex: string, length: number): Uint8Array<ArrayBuffer> | null {
  if (hex.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

async function importVerifyKey(keyBytes: Uint8Array<ArrayBuffer>): Promise<VerifyKey | null> {
  try {
    const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'Ed25519' }, false, ['verify']);
    return { key, algorithm: 'Ed25519' };
  } catch {
    // Older workerd only knows the pre-standard name; Node rejects it, and then the key is unusable.
    try {
      const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'NODE-ED25519', namedCurve: 'NODE-ED25519' }, false, ['verify']);
      return { key, algorithm: 'NODE-ED25519' };
    } catch {
      return null;
    }
  }
}

function cachedKey(publicKeyHex: string, keyBytes: Uint8Array<ArrayBuffer>): Promise<VerifyKey | null> {
  const cacheKey = publicKeyHex.toLowerCase();
  const hit = keyCache.get(cacheKey);
  if (hit) return hit;
  const imported = importVerifyKey(keyBytes);
  // Evict the oldest entry (Map keeps insertion order) so the cache stays bounded.
  if (keyCache.size >= MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next();
    if (!oldest.done) keyCache.delete(oldest.value);
  }
  keyCache.set(cacheKey, imported);
  // A failed import isn't cached, so a transient failure doesn't poison the key for the isolate's lifetime.
  void imported.then((result) => {
    if (result === null && keyCache.get(cacheKey) === imported) keyCache.delete(cacheKey);
  });
  return imported;
}

/** Whether X-Signature-Timestamp (Unix seconds) is within SIGNATURE_WINDOW_SECONDS of `now` (ms). */
export function timestampIsFresh(timestamp: string, now: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) * 1000 - now) <= SIGNATURE_WINDOW_SECONDS * 1000;
}

/**
 * True when `signatureHex` (X-Signature-Ed25519) is a valid Ed25519 signature by `publicKeyHex` over
 * `timestamp` (X-Signature-Timestamp) followed by `rawBody`. Never throws: any malformed input is false.
 * The caller checks `timestampIsFresh` first.
 */
export async function verifyInteraction(
  publicKeyHex: string,
  signatureHex: string | null,
  timestamp: string | null,
  rawBody: string,
): Promise<boolean> {
  if (!signatureHex || !timestamp) return false;
  const keyBytes = hexBytes(publicKeyHex, KEY_BYTES);
  const signature = hexBytes(signatureHex, SIGNATURE_BYTES);
  if (!keyBytes || !signature) return false;
  try {
    const verifyKey = await cachedKey(publicKeyHex, keyBytes);
    if (!verifyKey) return false;
    const data = new TextEncoder().encode(timestamp + rawBody);
    return await crypto.subtle.verify(verifyKey.algorithm, verifyKey.key, signature, data);
  } catch {
    return false;
  }
}
