// Test support: starts a sandbox on a free port, plays a relying party
// (PKCE, private_key_jwt, cookie jar, form posts) and a loopback "portal"
// that serves a JWKS and receives back-channel logout POSTs.
// Lives outside test/ so that `node --test test/` does not run it as a test.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify,
} from 'jose';

import { startSandbox } from '../app.js';
import { loadSettings } from '../config.js';

export const REGISTRATION_TOKEN = 'test-registration-token';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** Start a sandbox on an ephemeral port with its own temporary keys file. */
export async function startTestSandbox({
  fixtures = false, portalUrl, issuer, port = 0, keysFile,
} = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-cis2-test-'));
  const settings = {
    ...loadSettings({}),
    port,
    issuer,
    keysFile: keysFile ?? join(dir, 'keys.json'),
    registrationToken: REGISTRATION_TOKEN,
    fixtures,
    ...(portalUrl ? { portalUrl } : {}),
  };
  const sandbox = await startSandbox(settings);
  const discovery = await (await fetch(`${sandbox.issuer}/.well-known/openid-configuration`)).json();
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  return {
    ...sandbox,
    settings,
    discovery,
    keysDir: dir,
    /** Verify an ID token / logout token signed by the sandbox. */
    verify: (jwt, audience, options = {}) => jwtVerify(jwt, jwks, { issuer: sandbox.issuer, audience, ...options }),
    async stop() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An RS512 (or `alg`) client key; the public JWK carries kid/alg/use. */
export async function clientKey(kid = randomUUID(), alg = 'RS512') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateKey, jwk };
}

/**
 * A loopback stand-in for the portal: serves `jwks` at /.well-known/jwks.json
 * (mutable via setKeys) and records POSTs to /auth/backchannel-logout.
 */
export async function startFakePortal() {
  const state = { keys: [], jwksFetches: 0, logouts: [] };
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      state.jwksFetches += 1;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: state.keys }));
      return;
    }
    if (req.method === 'POST' && req.url === '/auth/backchannel-logout') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      state.logouts.push({
        contentType: req.headers['content-type'],
        body: new URLSearchParams(Buffer.concat(chunks).toString()),
      });
      res.statusCode = 200;
      res.setHeader('Cache-Control', 'no-store');
      res.end();
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    state,
    setKeys: (...jwks) => { state.keys = jwks; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Register a private_key_jwt (RS512) client, as an integration test portal would. */
/**
 * What a flow test needs: a fake portal with its signing key, a sandbox whose static
 * clients point at it (extra sandbox options such as `fixtures` pass through), a client
 * registered for the portal, and one `stop` for all of it.
 */
export async function startWithPortal(sandboxOptions = {}) {
  const portal = await startFakePortal();
  const key = await clientKey();
  portal.setKeys(key.jwk);
  const sandbox = await startTestSandbox({ portalUrl: portal.url, ...sandboxOptions });
  const client = await registerClient(sandbox, portal);
  return {
    portal,
    key,
    sandbox,
    client,
    async stop() {
      await sandbox.stop();
      await portal.close();
    },
  };
}

export async function registerClient(sandbox, portal, extra = {}) {
  const body = {
    client_name: 'test portal',
    redirect_uris: [`${portal.url}/auth/callback`],
    post_logout_redirect_uris: [`${portal.url}/signed-out`],
    jwks_uri: `${portal.url}/.well-known/jwks.json`,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS512',
    backchannel_logout_uri: `${portal.url}/auth/backchannel-logout`,
    backchannel_logout_session_required: true,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    ...extra,
  };
  const res = await fetch(sandbox.discovery.registration_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${REGISTRATION_TOKEN}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 201) throw new Error(`registration failed ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Minimal cookie jar (ignores Path/Domain: everything is on one test host). */
export class CookieJar {
  #cookies = new Map();

  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expires = attrs.map((a) => a.trim()).find((a) => /^expires=/i.test(a));
      const expired = expires && Date.parse(expires.slice(8)) < Date.now();
      if (!value || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header() {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get size() { return this.#cookies.size; }
}

/** Browser-ish request: no automatic redirects, cookies from/to the jar. */
export async function browse(jar, url, { method = 'GET', form } = {}) {
  const headers = { cookie: jar.header() };
  let body;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url, {
    method, headers, body, redirect: 'manual',
  });
  jar.store(res);
  const text = await res.text();
  const location = res.headers.get('location');
  return {
    status: res.status,
    headers: res.headers,
    text,
    location: location ? new URL(location, url).href : undefined,
  };
}

/** All `action="…"` values of the forms in a page, resolved against its URL. */
export function formActions(html, base) {
  return [...html.matchAll(/<form\b[^>]*\baction="([^"]*)"/g)].map((m) => new URL(m[1].replaceAll('&amp;', '&'), base).href);
}

export function pkcePair() {
  const verifier = b64url(randomBytes(32));
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/**
 * Run the browser part of an authorization code flow up to the redirect back
 * to the client. Returns the callback URL's params and the pages seen.
 *
 * @param {object} o
 * @param {string} o.user            demo login to click
 * @param {string} [o.roleId]        person_roleid to click on "Select your role"
 * @param {string} [o.scope]
 * @param {string} [o.acrValues]
 * @param {boolean} [o.abort]        click "Cancel" instead of a user
 */
export async function signIn(sandbox, client, {
  user, roleId, scope = 'openid profile email nationalrbacaccess associatedorgs nhsperson',
  acrValues, abort = false, jar = new CookieJar(), redirectUri = client.redirect_uris[0], extraParams = {},
}) {
  const { verifier, challenge } = pkcePair();
  const state = b64url(randomBytes(12));
  const nonce = b64url(randomBytes(12));
  const auth = new URL(sandbox.discovery.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: client.client_id,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(acrValues ? { acr_values: acrValues } : {}),
    ...extraParams,
  }).toString();

  const pages = {};
  let res = await browse(jar, auth.href);
  if (res.status !== 303) throw new Error(`authorize: expected 303, got ${res.status}: ${res.text}`);
  const interactionUrl = res.location;
  const login = await browse(jar, interactionUrl);
  pages.login = login.text;
  const [loginAction, abortAction] = formActions(login.text, interactionUrl);

  if (abort) {
    res = await browse(jar, abortAction, { method: 'POST', form: {} });
  } else {
    res = await browse(jar, loginAction, { method: 'POST', form: { user } });
    if (res.status === 200 && /Select your role/.test(res.text)) {
      pages.role = res.text;
      if (!roleId) throw new Error('role selection page shown but no roleId given');
      const [roleAction] = formActions(res.text, loginAction);
      res = await browse(jar, roleAction, { method: 'POST', form: { roleid: roleId } });
    }
  }
  if (res.status !== 303) throw new Error(`interaction: expected 303, got ${res.status}: ${res.text}`);
  // back to the provider (resume), which redirects to the client
  res = await browse(jar, res.location);
  if (res.status !== 303) throw new Error(`resume: expected 303, got ${res.status}: ${res.text}`);
  const callback = new URL(res.location);
  return {
    callback,
    params: Object.fromEntries(callback.searchParams),
    code: callback.searchParams.get('code'),
    state,
    nonce,
    verifier,
    pages,
    jar,
    interactionUrl,
  };
}

/** private_key_jwt client assertion (RS512 by default). */
export async function clientAssertion(sandbox, clientId, key, { alg = 'RS512' } = {}) {
  return new SignJWT({})
    .setProtectedHeader({ alg, kid: key.kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(sandbox.discovery.token_endpoint)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

/** POST the token endpoint. `auth` is { key } (private_key_jwt) or { secret }. */
export async function redeemCode(sandbox, client, flow, auth, { redirectUri = client.redirect_uris[0], verifier = flow.verifier } = {}) {
  const form = {
    grant_type: 'authorization_code',
    code: flow.code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  };
  if (auth.key) {
    form.client_assertion_type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
    form.client_assertion = await clientAssertion(sandbox, client.client_id, auth.key, auth);
  } else {
    form.client_id = client.client_id;
    form.client_secret = auth.secret;
  }
  const res = await fetch(sandbox.discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, json: await res.json() };
}

export async function userinfo(sandbox, accessToken) {
  const res = await fetch(sandbox.discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, json: await res.json() };
}

/** Sign in, redeem the code and fetch userinfo; asserts success at each step. */
export async function fullFlow(sandbox, client, auth, options) {
  const flow = await signIn(sandbox, client, options);
  if (!flow.code) throw new Error(`no code: ${flow.callback}`);
  const token = await redeemCode(sandbox, client, flow, auth);
  if (token.status !== 200) throw new Error(`token: ${token.status} ${JSON.stringify(token.json)}`);
  const { payload: idToken, protectedHeader } = await sandbox.verify(token.json.id_token, client.client_id);
  const info = await userinfo(sandbox, token.json.access_token);
  if (info.status !== 200) throw new Error(`userinfo: ${info.status} ${JSON.stringify(info.json)}`);
  return {
    flow, token: token.json, idToken, idTokenHeader: protectedHeader, userinfo: info.json,
  };
}
