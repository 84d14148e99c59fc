// Discord signs every interaction request with Ed25519 over `timestamp + rawBody`; an endpoint that accepts
// unsigned requests is disabled by Discord's own probes. No age check on the timestamp: Discord doesn't
// require one, and a replayed request still needs a valid signature for exactly that body.

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const MAX_CACHED_KEYS = 100;

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

/**
 * True when `signatureHex` (X-Signature-Ed25519) is a valid Ed25519 signature by `publicKeyHex` over
 * `timestamp` (X-Signature-Timestamp) followed by `rawBody`. Never throws: any malformed input is false.
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
