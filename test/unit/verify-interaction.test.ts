import { describe, expect, it } from 'vitest';
import { verifyInteraction } from '../../src/discord/verify-interaction';

const TIMESTAMP = '1700000000';
const BODY = JSON.stringify({ type: 1, id: '123456789012345678', token: 'tok' });

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

interface Signer {
  publicKeyHex: string;
  sign(timestamp: string, body: string): Promise<string>;
}

async function newSigner(): Promise<Signer> {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  if (!('privateKey' in pair)) throw new Error('expected a key pair');
  const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
  if (!(raw instanceof ArrayBuffer)) throw new Error('expected raw key bytes');
  return {
    publicKeyHex: toHex(raw),
    sign: async (timestamp, body) =>
      toHex(await crypto.subtle.sign('Ed25519', pair.privateKey, new TextEncoder().encode(timestamp + body))),
  };
}

/** Flips one hex digit at `index`, keeping the string valid hex of the same length. */
function flipHex(hex: string, index: number): string {
  const digit = hex[index] === '0' ? '1' : '0';
  return hex.slice(0, index) + digit + hex.slice(index + 1);
}

describe('verifyInteraction', () => {
  it('accepts a valid signature', async () => {
    const signer = await newSigner();
    const signature = await signer.sign(TIMESTAMP, BODY);
    expect(await verifyInteraction(signer.publicKeyHex, signature, TIMESTAMP, BODY)).toBe(true);
  });

  it('accepts upper-case hex and repeated calls (cached key)', async () => {
    const signer = await newSigner();
    const signature = await signer.sign(TIMESTAMP, BODY);
    expect(await verifyInteraction(signer.publicKeyHex.toUpperCase(), signature.toUpperCase(), TIMESTAMP, BODY)).toBe(true);
    expect(await verifyInteraction(signer.publicKeyHex, signature, TIMESTAMP, BODY)).toBe(true);
    expect(await verifyInteraction(signer.publicKeyHex, signature, TIMESTAMP, `${BODY} `)).toBe(false);
  });

  it('matches the RFC 8032 test vector 2 (message "r")', async () => {
    const publicKey = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
    const signature =
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';
    expect(await verifyInteraction(publicKey, signature, 'r', '')).toBe(true);
    expect(await verifyInteraction(publicKey, signature, 's', '')).toBe(false);
  });

  it('rejects a tampered body, timestamp or signature', async () => {
    const signer = await newSigner();
    const signature = await signer.sign(TIMESTAMP, BODY);
    expect(await verifyInteraction(signer.publicKeyHex, signature, TIMESTAMP, BODY.replace('tok', 'tak'))).toBe(false);
    expect(await verifyInteraction(signer.publicKeyHex, signature, '1700000001', BODY)).toBe(false);
    expect(await verifyInteraction(signer.publicKeyHex, flipHex(signature, 10), TIMESTAMP, BODY)).toBe(false);
    expect(await verifyInteraction(signer.publicKeyHex, flipHex(signature, 127), TIMESTAMP, BODY)).toBe(false);
    // Moving bytes between timestamp and body changes nothing in the signed data, so it still verifies.
    expect(await verifyInteraction(signer.publicKeyHex, signature, TIMESTAMP.slice(0, 5), TIMESTAMP.slice(5) + BODY)).toBe(true);
  });

  it('rejects a signature by another key', async () => {
    const signer = await newSigner();
    const other = await newSigner();
    const signature = await other.sign(TIMESTAMP, BODY);
    expect(await verifyInteraction(signer.publicKeyHex, signature, TIMESTAMP, BODY)).toBe(false);
    expect(await verifyInteraction(other.publicKeyHex, signature, TIMESTAMP, BODY)).toBe(true);
  });

  it('rejects missing headers', async () => {
    const signer = await newSigner();
    const signature = await signer.sign(TIMESTAMP, BODY);
    expect(await verifyInteraction(signer.publicKeyHex, null, TIMESTAMP, BODY)).toBe(false);
    expect(await verifyInteraction(signer.publicKeyHex, signature, null, BODY)).toBe(false);
    expect(await verifyInteraction(signer.publicKeyHex, null, null, BODY)).toBe(false);
    expect(await verifyInteraction(signer.publicKeyHex, '', TIMESTAMP, BODY)).toBe(false);
    expect(await verifyInteraction(signer.publicKeyHex, signature, '', BODY)).toBe(false);
  });

  it('rejects malformed hex and wrong lengths without throwing', async () => {
    const signer = await newSigner();
    const signature = await signer.sign(TIMESTAMP, BODY);
    const key = signer.publicKeyHex;
    const cases: [string, string][] = [
      ['', signature],
      [key.slice(0, 62), signature],
      [`${key}00`, signature],
      [`${key.slice(0, 63)}g`, signature],
      [`${key.slice(0, 63)}`, signature],
      [` ${key.slice(1)}`, signature],
      [key, signature.slice(0, 126)],
      [key, `${signature}00`],
      [key, `${signature.slice(0, 127)}z`],
      [key, `0x${signature.slice(2)}`],
      [key, 'not a signature'],
      ['ff'.repeat(32), signature],
      ['00'.repeat(32), '00'.repeat(64)],
    ];
    for (const [publicKeyHex, signatureHex] of cases) {
      await expect(verifyInteraction(publicKeyHex, signatureHex, TIMESTAMP, BODY)).resolves.toBe(false);
    }
  });
});
