// Provider sessions the sandbox can list and end, as CIS2 ends one when a smartcard is
// removed or the session expires: every service holding it gets a back-channel logout.
// The store is oidc-provider's own in-memory adapter, with the Session ids tracked.

import { SignJWT, importJWK } from 'jose';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

/** An adapter factory for oidc-provider that remembers which sessions exist. */
export function trackingAdapter() {
  const base = createMemoryAdapter();
  const ids = new Set();
  const factory = (model) => {
    const adapter = base(model);
    if (model !== 'Session') return adapter;
    return Object.assign(Object.create(adapter), {
      async upsert(id, payload, expiresIn) {
        ids.add(id);
        return adapter.upsert(id, payload, expiresIn);
      },
      async destroy(id) {
        ids.delete(id);
        return adapter.destroy(id);
      },
    });
  };
  /** Sessions with someone signed in: [{ id, accountId, authorizations }]. */
  factory.sessions = async () => {
    const out = [];
    for (const id of ids) {
      const payload = await base('Session').find(id);
      if (!payload) ids.delete(id);
      else if (payload.accountId) out.push({ id, ...payload });
    }
    return out;
  };
  factory.destroy = (id) => factory('Session').destroy(id);
  return factory;
}

/**
 * Ends a provider session: a back-channel logout to every service that holds it (with
 * its sid), then the session is gone. Returns the services told.
 */
export async function endSession(provider, adapter, session, log) {
  const told = [];
  for (const [clientId, { sid }] of Object.entries(session.authorizations ?? {})) {
    const client = await provider.Client.find(clientId);
    if (!client?.backchannelLogoutUri) continue;
    try {
      await client.backchannelLogout(session.accountId, sid);
      log(`back-channel logout delivered client=${clientId} sub=${session.accountId} sid=${sid} (session ended)`);
      told.push({ clientId, sid, delivered: true });
    } catch (err) {
      log(`back-channel logout FAILED client=${clientId} sub=${session.accountId} sid=${sid}: ${err.message}`);
      told.push({ clientId, sid, delivered: false });
    }
  }
  await adapter.destroy(session.id);
  return told;
}

/** TEST FIXTURE: a JWS over `payload` signed with the provider's own key. */
export async function signWithProviderKey(jwks, header, payload) {
  const [jwk] = jwks.keys;
  const alg = header?.alg ?? 'RS256';
  const key = await importJWK(jwk, alg);
  return new SignJWT(payload).setProtectedHeader({ kid: jwk.kid, ...header, alg }).sign(key);
}
