import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import {
  mkdtemp, readFile, rm, stat,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ACR_VALUES, CIS2_PATH } from '../config.js';
import { REGISTRATION_TOKEN, startTestSandbox } from '../testing/rp.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

async function freePort() {
  const srv = createServer();
  await new Promise((resolve) => { srv.listen(0, '127.0.0.1', resolve); });
  const { port } = srv.address();
  await new Promise((resolve) => { srv.close(resolve); });
  return port;
}

describe('discovery', () => {
  let sandbox;
  let issuer;

  before(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}${CIS2_PATH}`;
    sandbox = await startTestSandbox({ port, issuer });
  });
  after(() => sandbox.stop());

  test('is served under the issuer path and names exactly the configured issuer', () => {
    const d = sandbox.discovery;
    assert.equal(d.issuer, issuer);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri',
      'end_session_endpoint', 'registration_endpoint', 'revocation_endpoint']) {
      assert.ok(d[key].startsWith(`${issuer}/`), `${key} ${d[key]} is under the issuer`);
    }
  });

  test('advertises the CIS2-like capabilities', () => {
    const d = sandbox.discovery;
    assert.deepEqual(d.acr_values_supported, ACR_VALUES);
    assert.deepEqual(d.acr_values_supported, ['AAL3_ANY', 'AAL2_OR_AAL3_ANY', 'AAL2_ANY', 'AAL2_TOTP', 'AAL1_USERPASS']);
    assert.deepEqual(d.response_types_supported, ['code']);
    assert.deepEqual(d.grant_types_supported, ['authorization_code']);
    assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
    assert.ok(d.token_endpoint_auth_methods_supported.includes('private_key_jwt'));
    assert.ok(d.token_endpoint_auth_methods_supported.includes('client_secret_post'));
    assert.ok(d.token_endpoint_auth_signing_alg_values_supported.includes('RS512'));
    assert.ok(d.token_endpoint_auth_signing_alg_values_supported.includes('RS256'));
    assert.equal(d.backchannel_logout_supported, true);
    assert.equal(d.backchannel_logout_session_supported, true);
    assert.ok(d.end_session_endpoint);
    assert.deepEqual(d.id_token_signing_alg_values_supported, ['RS256']);
    for (const s of ['openid', 'profile', 'email', 'nationalrbacaccess', 'associatedorgs', 'selectedrole', 'nhsperson']) {
      assert.ok(d.scopes_supported.includes(s), s);
    }
    for (const c of ['nhsid_nrbac_roles', 'nhsid_user_orgs', 'selected_roleid', 'sid', 'acr', 'amr']) {
      assert.ok(d.claims_supported.includes(c), c);
    }
  });

  test('publishes the RS256 signing key from the keys file (public part only)', async () => {
    const jwks = await (await fetch(sandbox.discovery.jwks_uri)).json();
    const stored = JSON.parse(await readFile(sandbox.settings.keysFile, 'utf8'));
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kid, stored.keys[0].kid);
    assert.equal(jwks.keys[0].alg, 'RS256');
    assert.equal(jwks.keys[0].d, undefined);
    assert.equal((await stat(sandbox.settings.keysFile)).mode & 0o777, 0o600);
  });

  test('the keys file is reused on the next start', async () => {
    const second = await startTestSandbox({ keysFile: sandbox.settings.keysFile });
    try {
      const kids = await Promise.all([sandbox, second]
        .map(async (s) => (await (await fetch(s.discovery.jwks_uri)).json()).keys[0].kid));
      assert.equal(kids[0], kids[1]);
    } finally {
      await second.stop();
    }
  });

  test('dynamic registration needs the initial access token', async () => {
    const body = JSON.stringify({
      redirect_uris: ['http://127.0.0.1:9/cb'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    const without = await fetch(sandbox.discovery.registration_endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(without.status, 401);
    const wrong = await fetch(sandbox.discovery.registration_endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body });
    assert.equal(wrong.status, 401);
    const ok = await fetch(sandbox.discovery.registration_endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${REGISTRATION_TOKEN}` }, body });
    assert.equal(ok.status, 201);
    const client = await ok.json();
    assert.deepEqual(client.redirect_uris, ['http://127.0.0.1:9/cb']);
    assert.ok(client.client_secret);
  });

  test('other paths: / and /healthz answer, unknown paths 404', async () => {
    const base = `http://127.0.0.1:${sandbox.port}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const home = await fetch(`${base}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<html lang="en">/);
    assert.equal((await fetch(`${base}/.well-known/openid-configuration`)).status, 404);
  });
});

test('`node server.js` prints the start line and serves discovery (env configuration)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-cis2-test-'));
  const child = spawn(process.execPath, ['server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SANDBOX_PORT: '0',
      SANDBOX_KEYS_FILE: join(dir, 'keys.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(async () => {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start line; got: ${out}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^sandbox-cis2 listening; issuer (\S+)$/m.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  assert.match(line, new RegExp(`^http://127\\.0\\.0\\.1:\\d+${CIS2_PATH}$`));
  const d = await (await fetch(`${line}/.well-known/openid-configuration`)).json();
  assert.equal(d.issuer, line);
});
