import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  fullFlow, startWithPortal,
} from '../testing/rp.js';

describe('ending a provider session, as CIS2 does when a smartcard is removed', () => {
  let sandbox;
  let portal;
  let key;
  let client;
  let started;

  before(async () => {
    started = await startWithPortal({ fixtures: true });
    ({
      sandbox, portal, key, client,
    } = started);
  });
  after(() => started.stop());

  test('every service holding the session gets a back-channel logout for its sid, and the session is gone', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'ra.manager' });
    const page = await (await fetch(`${sandbox.url}/sessions`)).text();
    assert.match(page, /Rachel Adeyemi/);
    const before = portal.state.logouts.length;
    const res = await fetch(`${sandbox.url}/testing/end-sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: r.idToken.sub }),
    });
    const { told } = await res.json();
    assert.deepEqual(told.map((t) => [t.clientId, t.sid, t.delivered]), [[client.client_id, r.idToken.sid, true]]);
    assert.equal(portal.state.logouts.length, before + 1);
    const { payload } = await sandbox.verify(portal.state.logouts.at(-1).body.get('logout_token'), client.client_id, { typ: 'logout+jwt' });
    assert.equal(payload.sid, r.idToken.sid);
    assert.doesNotMatch(await (await fetch(`${sandbox.url}/sessions`)).text(), /Rachel Adeyemi/);
  });

  test('the test fixture signs a logout token with the provider\'s key, exactly as asked', async () => {
    const res = await fetch(`${sandbox.url}/testing/logout-token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ header: { typ: 'JWT' }, payload: { iss: 'x', nonce: 'n' } }),
    });
    const { token } = await res.json();
    const { payload, protectedHeader } = await sandbox.verify(token, undefined, { issuer: 'x' }).catch(() => ({}));
    // Verified against the sandbox's own JWKS: its key signed it.
    assert.equal(protectedHeader?.typ, 'JWT');
    assert.equal(payload?.nonce, 'n');
  });
});
