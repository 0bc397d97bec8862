import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';

import {
  browse, formActions, fullFlow, pkcePair, redeemCode, startWithPortal,
} from '../testing/rp.js';

describe('RP-initiated logout and back-channel logout', () => {
  let sandbox;
  let portal;
  let key;
  let client;
  let started;

  before(async () => {
    started = await startWithPortal();
    ({
      sandbox, portal, key, client,
    } = started);
  });
  after(() => started.stop());

  async function endSession(r) {
    const url = new URL(sandbox.discovery.end_session_endpoint);
    url.search = new URLSearchParams({
      id_token_hint: r.token.id_token,
      post_logout_redirect_uri: client.post_logout_redirect_uris[0],
      state: 'bye',
    }).toString();
    const confirm = await browse(r.flow.jar, url.href);
    assert.equal(confirm.status, 200);
    return { confirm, url };
  }

  test('end session shows "Sign out of the CIS2 sandbox", then POSTs a logout token to the client and redirects', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'ra.manager', acrValues: 'AAL2_OR_AAL3_ANY' });
    const { sid, sub } = r.idToken;
    const { confirm, url } = await endSession(r);

    assert.match(confirm.text, /<html lang="en">/);
    assert.match(confirm.text, /<title>Sign out of the CIS2 sandbox<\/title>/);
    assert.match(confirm.text, /<h1>Sign out of the CIS2 sandbox<\/h1>/);
    assert.match(confirm.text, /<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out<\/button>/);
    const [action] = formActions(confirm.text, url.href);
    assert.ok(action.startsWith(`${sandbox.issuer}/`), action);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)[1];

    const before = portal.state.logouts.length;
    const done = await browse(r.flow.jar, action, { method: 'POST', form: { xsrf, logout: 'yes' } });
    assert.equal(done.status, 303);
    assert.equal(done.location, `${client.post_logout_redirect_uris[0]}?state=bye`);

    assert.equal(portal.state.logouts.length, before + 1);
    const { body, contentType } = portal.state.logouts.at(-1);
    assert.equal(contentType, 'application/x-www-form-urlencoded');
    const logoutToken = body.get('logout_token');
    assert.equal(decodeProtectedHeader(logoutToken).typ, 'logout+jwt');
    const { payload } = await sandbox.verify(logoutToken, client.client_id, { typ: 'logout+jwt' });
    assert.equal(payload.sub, sub);
    assert.equal(payload.sid, sid);
    assert.ok(payload.jti);
    assert.deepEqual(payload.events, { 'http://schemas.openid.net/event/backchannel-logout': {} });
    assert.equal(payload.nonce, undefined);
  });

  test('after sign-out the browser must choose a user again (no SSO)', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'auditor' });
    const { confirm, url } = await endSession(r);
    const [action] = formActions(confirm.text, url.href);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)[1];
    await browse(r.flow.jar, action, { method: 'POST', form: { xsrf, logout: 'yes' } });

    const second = await fullFlow(sandbox, client, { key }, { user: 'ra.manager', jar: r.flow.jar });
    assert.equal(second.idToken.sub, '555000000101');
    assert.notEqual(second.idToken.sid, r.idToken.sid);
  });

  test('while signed in, a second authorization is SSO (no login page) with the same sid', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'ra.manager', acrValues: 'AAL2_OR_AAL3_ANY' });
    const { verifier, challenge } = pkcePair();
    const auth = new URL(sandbox.discovery.authorization_endpoint);
    auth.search = new URLSearchParams({
      client_id: client.client_id, response_type: 'code', redirect_uri: client.redirect_uris[0], scope: 'openid', state: 's', nonce: 'n', code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    const res = await browse(r.flow.jar, auth.href);
    assert.equal(res.status, 303);
    const back = new URL(res.location);
    assert.equal(back.origin + back.pathname, client.redirect_uris[0]);
    const code = back.searchParams.get('code');
    assert.ok(code);
    const t = await redeemCode(sandbox, client, { code, verifier }, { key });
    assert.equal(t.status, 200);
    const { payload } = await sandbox.verify(t.json.id_token, client.client_id);
    assert.equal(payload.sub, r.idToken.sub);
    assert.equal(payload.sid, r.idToken.sid);
    assert.equal(payload.acr, 'AAL2_OR_AAL3_ANY');
    assert.equal(payload.authentication_assurance_level, '2');
    assert.equal(payload.nonce, 'n');
  });
});
