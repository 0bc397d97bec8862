// The provider's RS256 signing key, kept in a private JWKS file so that ID
// tokens stay verifiable across restarts of the sandbox.

import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

async function generate() {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = 'RS256';
  jwk.use = 'sig';
  return { keys: [jwk] };
}

/**
 * Read the private JWKS at `file`, or generate one and store it there (mode 0600).
 * @returns {Promise<{ jwks: { keys: object[] }, created: boolean }>}
 */
export async function loadOrCreateKeys(file) {
  try {
    const jwks = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0 || !jwks.keys.every((k) => k.kty === 'RSA' && k.d)) {
      throw new Error(`${file} is not a private RSA JWKS`);
    }
    return { jwks, created: false };
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }

  const jwks = await generate();
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  return { jwks, created: true };
}
