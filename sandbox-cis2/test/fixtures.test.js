import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  browse, clientKey, CookieJar, formActions, fullFlow, pkcePair, registerClient, startFakePortal, startTestSandbox,
} from '../testing/rp.js';

const SCOPE = 'openid profile email nationalrbacaccess associatedorgs nhsperson';

describe('hostile fixture account', () => {
  let portal;
  let key;

  before(async () => {
    portal = await startFakePortal();
    key = await clientKey();
    portal.setKeys(key.jwk);
  });
  after(() => portal.close());

  test('with SANDBOX_TEST_FIXTURES=1: userinfo sub differs from the ID token sub for fixture.sub-mismatch only', async () => {
    const sandbox = await startTestSandbox({ fixtures: true });
    try {
      const client = await registerClient(sandbox, portal);
      const r = await fullFlow(sandbox, client, { key }, { user: 'fixture.sub-mismatch', scope: SCOPE });
      assert.match(r.flow.pages.login, /Sign in as Test fixture: userinfo subject differs/);
      assert.equal(r.idToken.sub, '555000000199');
      assert.equal(r.userinfo.sub, '555000000999');
      assert.equal(r.userinfo.nhsid_useruid, '555000000199');

      const normal = await fullFlow(sandbox, client, { key }, { user: 'ra.manager', scope: SCOPE });
      assert.equal(normal.userinfo.sub, normal.idToken.sub);
    } finally {
      await sandbox.stop();
    }
  });

  test('without fixtures: the account is neither offered nor accepted, and userinfo is honest', async () => {
    const sandbox = await startTestSandbox({ fixtures: false });
    try {
      const client = await registerClient(sandbox, portal);
      const normal = await fullFlow(sandbox, client, { key }, { user: 'ra.manager', scope: SCOPE });
      assert.doesNotMatch(normal.flow.pages.login, /fixture/i);
      assert.equal(normal.userinfo.sub, normal.idToken.sub);

      // posting the fixture login by hand is refused
      const jar = new CookieJar();
      const auth = new URL(sandbox.discovery.authorization_endpoint);
      auth.search = new URLSearchParams({
        client_id: client.client_id, response_type: 'code', redirect_uri: client.redirect_uris[0], scope: 'openid', code_challenge: pkcePair().challenge, code_challenge_method: 'S256',
      }).toString();
      const start = await browse(jar, auth.href);
      const page = await browse(jar, start.location);
      const [loginAction] = formActions(page.text, start.location);
      const res = await browse(jar, loginAction, { method: 'POST', form: { user: 'fixture.sub-mismatch' } });
      assert.equal(res.status, 400);
      assert.match(res.text, /unknown demo user/);
    } finally {
      await sandbox.stop();
    }
  });
});
