const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random identifier such as `cs_test_a1B2…`; 24 characters carry about 143 bits. */
export function randomId(prefix: string, length = 24): string {
  let id = '';
  while (id.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      // 248 is the largest multiple of 62 below 256: skipping bytes above it keeps characters uniform.
      if (byte < 248 && id.length < length) id += alphabet[byte % 62];
    }
  }
  return `${prefix}${id}`;
}

/**
 * Node's own hash, when the handler runs in Node: Web Crypto's digest hands
 * each call to a worker thread, which cost about 5 % of a confirm under load.
 */
const nodeCrypto = (
  globalThis as {
    process?: { getBuiltinModule?: (id: string) => typeof import('node:crypto') | undefined };
  }
).process?.getBuiltinModule?.('node:crypto');

/** Hex SHA-256: Node's crypto where there is one, Web Crypto elsewhere (browsers). */
export async function sha256(text: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text).digest('hex');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
