import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  browse, clientKey, CookieJar, formActions, fullFlow, redeemCode, registerClient, signIn,
  startFakePortal, startWithPortal, userinfo,
} from '../testing/rp.js';

const FULL_SCOPE = 'openid profile email nationalrbacaccess associatedorgs nhsperson';

describe('authorization code flow', () => {
  let sandbox;
  let portal;
  let key;
  let client;
  let started;

  before(async () => {
    // SANDBOX_PORTAL_URL -> the fake portal, so the static clients point at it too.
    started = await startWithPortal();
    ({
      sandbox, portal, key, client,
    } = started);
  });
  after(() => started.stop());

  test('registration echoes the CIS2-style client metadata', () => {
    assert.equal(client.token_endpoint_auth_method, 'private_key_jwt');
    assert.equal(client.token_endpoint_auth_signing_alg, 'RS512');
    assert.equal(client.jwks_uri, `${portal.url}/.well-known/jwks.json`);
    assert.equal(client.backchannel_logout_uri, `${portal.url}/auth/backchannel-logout`);
    assert.equal(client.backchannel_logout_session_required, true);
    assert.deepEqual(client.redirect_uris, [`${portal.url}/auth/callback`]);
    assert.deepEqual(client.grant_types, ['authorization_code']);
    assert.deepEqual(client.response_types, ['code']);
  });

  test('ra.manager: PKCE + private_key_jwt (RS512) -> ID token with acr/sid/nonce, roles in userinfo', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'ra.manager', acrValues: 'AAL2_OR_AAL3_ANY', scope: FULL_SCOPE });

    assert.equal(r.flow.params.state, r.flow.state);
    assert.equal(r.flow.params.iss, sandbox.issuer);
    assert.equal(r.idTokenHeader.alg, 'RS256');

    const id = r.idToken;
    assert.equal(id.iss, sandbox.issuer);
    assert.equal(id.sub, '555000000101');
    assert.equal(id.aud, client.client_id);
    assert.equal(id.nonce, r.flow.nonce);
    assert.equal(id.acr, 'AAL2_OR_AAL3_ANY');
    assert.deepEqual(id.amr, ['TOTP']);
    assert.equal(typeof id.auth_time, 'number');
    assert.equal(typeof id.sid, 'string');
    assert.ok(id.sid.length > 10);
    assert.equal(id.id_assurance_level, '3');
    assert.equal(id.authentication_assurance_level, '2');
    assert.equal(id.selected_roleid, undefined, 'no role selection without the selectedrole scope');
    assert.equal(id.nhsid_nrbac_roles, undefined, 'roles are userinfo-only');
    assert.equal(id.email, undefined, 'scope claims are userinfo-only');

    const u = r.userinfo;
    assert.equal(u.sub, id.sub);
    assert.equal(u.name, 'Rachel Adeyemi');
    assert.equal(u.given_name, 'Rachel');
    assert.equal(u.family_name, 'Adeyemi');
    assert.equal(u.uid, '555000000101');
    assert.equal(u.email, 'rachel.adeyemi@nhs.net');
    assert.equal(u.nhsid_useruid, '555000000101');
    assert.equal(u.idassurancelevel, '3');
    assert.equal(u.display_name, 'Rachel Adeyemi');
    assert.equal(u.nhsid_nrbac_roles.length, 1);
    const [role] = u.nhsid_nrbac_roles;
    assert.equal(role.role_code, 'S0080:G0450:R5080');
    assert.equal(role.org_code, 'RX1');
    assert.equal(role.role_name, '"Admin & Clerical":"Management - A & C":"Registration Authority Manager"');
    assert.match(role.person_roleid, /^\d{12}$/);
    assert.match(role.person_orgid, /^\d{12}$/);
    assert.ok(Array.isArray(role.activities) && Array.isArray(role.activity_codes));
    assert.deepEqual(u.nhsid_user_orgs, [{ org_code: 'RX1', org_name: 'Northshire Integrated Care Board' }]);
  });

  test('no acr_values -> AAL3_ANY with a smartcard amr', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'auditor' });
    assert.equal(r.idToken.acr, 'AAL3_ANY');
    assert.deepEqual(r.idToken.amr, ['N3_SMARTCARD']);
    assert.equal(r.idToken.authentication_assurance_level, '3');
    assert.equal(r.userinfo.nhsid_nrbac_roles[0].role_code, 'S0080:G0450:R0001');
  });

  test('the acr is the first requested class the sandbox supports', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'manager.meadowbank', acrValues: 'AAL2_ANY AAL3_ANY' });
    assert.equal(r.idToken.acr, 'AAL2_ANY');
    assert.equal(r.idToken.authentication_assurance_level, '2');
    assert.ok(r.userinfo.nhsid_nrbac_roles[0].activity_codes.includes('B1300'));
  });

  test('the AAL1 user always signs in at AAL1_USERPASS', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'aal1.user', acrValues: 'AAL2_OR_AAL3_ANY' });
    assert.equal(r.idToken.sub, '555000000107');
    assert.equal(r.idToken.acr, 'AAL1_USERPASS');
    assert.deepEqual(r.idToken.amr, ['pwd']);
    assert.equal(r.idToken.authentication_assurance_level, '1');
  });

  test('a user with no roles gets an empty nhsid_nrbac_roles', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'no.roles', scope: `${FULL_SCOPE} selectedrole` });
    assert.deepEqual(r.userinfo.nhsid_nrbac_roles, []);
    assert.deepEqual(r.userinfo.nhsid_user_orgs, []);
    assert.equal(r.idToken.selected_roleid, undefined);
  });

  test('a code is single use: replay -> invalid_grant', async () => {
    const flow = await signIn(sandbox, client, { user: 'ra.manager' });
    const first = await redeemCode(sandbox, client, flow, { key });
    assert.equal(first.status, 200);
    const replay = await redeemCode(sandbox, client, flow, { key });
    assert.equal(replay.status, 400);
    assert.equal(replay.json.error, 'invalid_grant');
  });

  test('PKCE is enforced: wrong verifier -> invalid_grant; no challenge -> error redirect', async () => {
    const flow = await signIn(sandbox, client, { user: 'ra.manager' });
    const wrong = await redeemCode(sandbox, client, flow, { key }, { verifier: 'x'.repeat(43) });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error, 'invalid_grant');

    const auth = new URL(sandbox.discovery.authorization_endpoint);
    auth.search = new URLSearchParams({
      client_id: client.client_id, response_type: 'code', redirect_uri: client.redirect_uris[0], scope: 'openid', state: 's1',
    }).toString();
    const res = await browse(new CookieJar(), auth.href);
    assert.equal(res.status, 303);
    const back = new URL(res.location);
    assert.equal(back.origin + back.pathname, client.redirect_uris[0]);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description'), /PKCE/);
  });

  test('client authentication: a bad assertion signature is refused', async () => {
    const flow = await signIn(sandbox, client, { user: 'ra.manager' });
    const stranger = await clientKey(key.kid); // same kid, different key
    const res = await redeemCode(sandbox, client, flow, { key: stranger });
    assert.equal(res.status, 401);
    assert.equal(res.json.error, 'invalid_client');
  });

  test('RS256 assertions are accepted when the client registers RS256', async () => {
    const k = await clientKey(undefined, 'RS256');
    const rsPortal = await startFakePortal();
    try {
      rsPortal.setKeys(k.jwk);
      const c = await registerClient(sandbox, rsPortal, { token_endpoint_auth_signing_alg: 'RS256' });
      const r = await fullFlow(sandbox, c, { key: k, alg: 'RS256' }, { user: 'ra.manager' });
      assert.equal(r.idToken.sub, '555000000101');
    } finally {
      await rsPortal.close();
    }
  });

  test('role selection: two roles + selectedrole -> "Select your role" -> selected_roleid in the ID token', async () => {
    const nurseRole = '555000002112';
    const r = await fullFlow(sandbox, client, { key }, {
      user: 'ra.agent', roleId: nurseRole, scope: `${FULL_SCOPE} selectedrole`, acrValues: 'AAL2_OR_AAL3_ANY', extraParams: { prompt: 'login' },
    });
    const page = r.flow.pages.role;
    assert.match(page, /<h1>Select your role<\/h1>/);
    assert.match(page, /<button type="submit" name="roleid" value="555000002102"[^>]*>Registration Authority Agent, Northshire Integrated Care Board \(RX1\)<\/button>/);
    assert.match(page, /<button type="submit" name="roleid" value="555000002112"[^>]*>Nurse Access Role, Northshire Integrated Care Board \(RX1\)<\/button>/);
    assert.equal(r.idToken.selected_roleid, nurseRole);
    assert.equal(r.idToken.acr, 'AAL2_OR_AAL3_ANY');
    assert.equal(r.userinfo.selected_roleid, nurseRole);
    assert.equal(r.userinfo.nhsid_nrbac_roles.length, 2);
    assert.ok(r.userinfo.nhsid_nrbac_roles.some((x) => x.person_roleid === nurseRole && x.role_code === 'S8000:G8000:R8001'));
  });

  test('role selection: choosing the RA Agent role', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'ra.agent', roleId: '555000002102', scope: `${FULL_SCOPE} selectedrole` });
    assert.equal(r.idToken.selected_roleid, '555000002102');
  });

  test('role selection: a role of somebody else is refused', async () => {
    await assert.rejects(
      signIn(sandbox, client, { user: 'ra.agent', roleId: '555000002101', scope: `${FULL_SCOPE} selectedrole` }),
      /expected 303, got 400/,
    );
  });

  test('one role + selectedrole -> auto-selected; two roles without selectedrole -> no page, no selected_roleid', async () => {
    const one = await fullFlow(sandbox, client, { key }, { user: 'manager.group', scope: `${FULL_SCOPE} selectedrole` });
    assert.equal(one.flow.pages.role, undefined);
    assert.equal(one.idToken.selected_roleid, '555000002103');
    assert.equal(one.userinfo.nhsid_nrbac_roles[0].org_code, 'VNC01');
    assert.ok(one.userinfo.nhsid_nrbac_roles[0].activity_codes.includes('B1300'));
    assert.ok(one.userinfo.nhsid_nrbac_roles[0].activities.includes('Approve RA Requests'));

    const two = await fullFlow(sandbox, client, { key }, { user: 'ra.agent' });
    assert.equal(two.flow.pages.role, undefined);
    assert.equal(two.idToken.selected_roleid, undefined);
  });

  test('scopes limit userinfo: openid only -> no roles, no email', async () => {
    const r = await fullFlow(sandbox, client, { key }, { user: 'ra.manager', scope: 'openid' });
    assert.equal(r.userinfo.sub, '555000000101');
    assert.equal(r.userinfo.nhsid_nrbac_roles, undefined);
    assert.equal(r.userinfo.email, undefined);
  });

  test('abort -> access_denied back at the client', async () => {
    const flow = await signIn(sandbox, client, { abort: true });
    assert.equal(flow.params.error, 'access_denied');
    assert.equal(flow.params.state, flow.state);
    assert.equal(flow.code, null);
  });

  test('the login page is plain accessible HTML with one button per demo user', async () => {
    const flow = await signIn(sandbox, client, { user: 'ra.manager' });
    const html = flow.pages.login;
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<title>CIS2 sandbox: choose a demo user<\/title>/);
    assert.match(html, /<main>[\s\S]*<h1>CIS2 sandbox: choose a demo user<\/h1>[\s\S]*<\/main>/);
    const [loginAction, abortAction] = formActions(html, flow.interactionUrl);
    assert.ok(loginAction.startsWith(`${sandbox.issuer}/interaction/`) && loginAction.endsWith('/login'), loginAction);
    assert.ok(abortAction.endsWith('/abort'));
    assert.match(html, /<form method="post" action="\/openam\/oauth2\/realms\/root\/realms\/NHSIdentity\/realms\/Healthcare\/interaction\/[^"]+\/login">/);
    for (const [login, name] of [['ra.manager', 'Rachel Adeyemi'], ['ra.agent', 'Sam Okafor'], ['manager.group', 'Priya Shah'],
      ['manager.meadowbank', 'Tom Bell'], ['auditor', 'Grace Lin'], ['no.roles', 'Chris Doe'], ['aal1.user', 'Pat Jones']]) {
      assert.match(html, new RegExp(`<button type="submit" name="user" value="${login.replace('.', '\\.')}"[^>]*>Sign in as ${name}</button>`));
    }
    assert.doesNotMatch(html, /fixture/);
  });

  test('static client ra-portal (jwks_uri at SANDBOX_PORTAL_URL, RS512) works', async () => {
    const staticClient = { client_id: 'ra-portal', redirect_uris: [`${portal.url}/auth/callback`] };
    const r = await fullFlow(sandbox, staticClient, { key }, { user: 'ra.manager', acrValues: 'AAL2_OR_AAL3_ANY' });
    assert.equal(r.idToken.aud, 'ra-portal');
    assert.equal(typeof r.idToken.sid, 'string');
  });

  test('static client ra-portal-secret (client_secret_post) works; a wrong secret does not', async () => {
    const staticClient = { client_id: 'ra-portal-secret', redirect_uris: [`${portal.url}/auth/callback`] };
    const r = await fullFlow(sandbox, staticClient, { secret: 'sandbox-client-secret' }, { user: 'auditor' });
    assert.equal(r.idToken.aud, 'ra-portal-secret');
    const flow = await signIn(sandbox, staticClient, { user: 'auditor' });
    const bad = await redeemCode(sandbox, staticClient, flow, { secret: 'wrong' });
    assert.equal(bad.status, 401);
    assert.equal(bad.json.error, 'invalid_client');
  });

  test('static clients accept the localhost variant of the portal redirect URI', async () => {
    const localhost = portal.url.replace('127.0.0.1', 'localhost');
    const staticClient = { client_id: 'ra-portal-secret', redirect_uris: [`${localhost}/auth/callback`] };
    const flow = await signIn(sandbox, staticClient, { user: 'auditor' });
    assert.ok(flow.code);
    assert.equal(flow.callback.origin, localhost);
  });

  test('jwks_uri is re-fetched when an assertion uses an unknown kid (key rotation)', async () => {
    const rotPortal = await startFakePortal();
    try {
      const oldKey = await clientKey();
      rotPortal.setKeys(oldKey.jwk);
      const c = await registerClient(sandbox, rotPortal);
      await fullFlow(sandbox, c, { key: oldKey }, { user: 'ra.manager' });
      assert.equal(rotPortal.state.jwksFetches, 1);

      // the portal restarts with a new key; the sandbox still has the old JWKS cached
      const newKey = await clientKey();
      rotPortal.setKeys(newKey.jwk);
      await sleep(600);
      const r = await fullFlow(sandbox, c, { key: newKey }, { user: 'ra.manager' });
      assert.equal(r.idToken.sub, '555000000101');
      assert.equal(rotPortal.state.jwksFetches, 2);

      // a known kid does not cause another fetch
      await fullFlow(sandbox, c, { key: newKey }, { user: 'ra.manager' });
      assert.equal(rotPortal.state.jwksFetches, 2);
    } finally {
      await rotPortal.close();
    }
  });

  test('userinfo refuses a missing or bogus access token', async () => {
    const res = await userinfo(sandbox, 'not-a-token');
    assert.equal(res.status, 401);
    assert.equal(res.json.error, 'invalid_token');
  });
});
