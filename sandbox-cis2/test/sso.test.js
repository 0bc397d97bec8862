import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  browse, clientKey, formActions, fullFlow, pkcePair, redeemCode, registerClient,
  startFakePortal, startTestSandbox,
} from '../testing/rp.js';

// A second client in the same browser session: no login page (SSO), the
// grant is created automatically (consent prompt), role selection still applies.
describe('single sign-on into a second client', () => {
  let sandbox;
  let portal;
  let key;
  let first;
  let second;

  before(async () => {
    portal = await startFakePortal();
    key = await clientKey();
    portal.setKeys(key.jwk);
    sandbox = await startTestSandbox();
    first = await registerClient(sandbox, portal);
    second = await registerClient(sandbox, portal);
  });
  after(async () => {
    await sandbox.stop();
    await portal.close();
  });

  async function authorize(jar, client, scope) {
    const { verifier, challenge } = pkcePair();
    const auth = new URL(sandbox.discovery.authorization_endpoint);
    auth.search = new URLSearchParams({
      client_id: client.client_id, response_type: 'code', redirect_uri: client.redirect_uris[0], scope, state: 's', nonce: 'n', code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    const res = await browse(jar, auth.href);
    assert.equal(res.status, 303);
    return { res, verifier };
  }

  async function idTokenFor(client, location, verifier) {
    const code = new URL(location).searchParams.get('code');
    assert.ok(code, `no code in ${location}`);
    const t = await redeemCode(sandbox, client, { code, verifier }, { key });
    assert.equal(t.status, 200);
    return (await sandbox.verify(t.json.id_token, client.client_id)).payload;
  }

  test('consent is automatic; acr comes from the session; one role is auto-selected', async () => {
    const r = await fullFlow(sandbox, first, { key }, { user: 'manager.group', acrValues: 'AAL2_OR_AAL3_ANY' });
    const { res, verifier } = await authorize(r.flow.jar, second, 'openid nationalrbacaccess selectedrole');
    // -> interaction (consent) -> auto-finished -> resume -> client
    const interaction = await browse(r.flow.jar, res.location);
    assert.equal(interaction.status, 303, interaction.text);
    const resume = await browse(r.flow.jar, interaction.location);
    assert.equal(resume.status, 303);
    const id = await idTokenFor(second, resume.location, verifier);
    assert.equal(id.sub, '555000000103');
    assert.equal(id.acr, 'AAL2_OR_AAL3_ANY');
    assert.equal(id.authentication_assurance_level, '2');
    assert.equal(id.selected_roleid, '555000002103');
    assert.notEqual(id.sid, r.idToken.sid, 'sid is per client');
  });

  test('two roles: the role page is shown for the second client too', async () => {
    const r = await fullFlow(sandbox, first, { key }, { user: 'ra.agent' });
    const { res, verifier } = await authorize(r.flow.jar, second, 'openid selectedrole');
    const page = await browse(r.flow.jar, res.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Select your role<\/h1>/);
    const [roleAction] = formActions(page.text, res.location);
    const chosen = await browse(r.flow.jar, roleAction, { method: 'POST', form: { roleid: '555000002102' } });
    assert.equal(chosen.status, 303);
    const resume = await browse(r.flow.jar, chosen.location);
    const id = await idTokenFor(second, resume.location, verifier);
    assert.equal(id.sub, '555000000102');
    assert.equal(id.selected_roleid, '555000002102');
  });
});
