// Builds and starts the sandbox: a node:http server that serves the
// interaction pages itself and hands everything under the issuer path to
// oidc-provider (mounted like express/koa-mount would: prefix stripped,
// `req.originalUrl` kept, so every URL the provider emits carries the prefix).

import { createServer } from 'node:http';

import Provider from 'oidc-provider';

import {
  FIXTURE_USERINFO_SUB, assuranceFor, createDirectory,
} from './accounts.js';
import {
  ACR_VALUES, DEFAULT_ACR, defaultIssuer, providerConfiguration,
} from './config.js';
import { loadOrCreateKeys } from './keys.js';
import { endSession, signWithProviderKey, trackingAdapter } from './sessions.js';
import {
  errorPage, homePage, loginPage, rolePage, sessionsPage,
} from './views.js';

const BODY_LIMIT = 16 * 1024;

function log(...parts) {
  console.log(`[sandbox-cis2] ${parts.join(' ')}`);
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.end(body);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function sendJson(res, status, value) {
  send(res, status, JSON.stringify(value), 'application/json');
}

async function readForm(req) {
  const type = (req.headers['content-type'] || '').split(';')[0].trim();
  let received = 0;
  const chunks = [];
  for await (const chunk of req) {
    received += chunk.length;
    if (received > BODY_LIMIT) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk);
  }
  if (type !== 'application/x-www-form-urlencoded') {
    throw Object.assign(new Error('expected an application/x-www-form-urlencoded form post'), { status: 400 });
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Which class a sign-in satisfies (CIS2 echoes the satisfied class). */
export function acrFor(user, acrValues) {
  if (user.forcedAcr) return user.forcedAcr;
  const requested = (acrValues || '').split(' ').filter((v) => ACR_VALUES.includes(v));
  return requested[0] ?? DEFAULT_ACR;
}

/**
 * oidc-provider only re-fetches a client's jwks_uri when verification fails
 * AND its cached copy is older than 60 s (or the response's max-age). A
 * portal that restarted with a new key would then fail client
 * authentication for up to a minute. Make the cached JWKS count as stale
 * once it is more than REFETCH_MS old, so an unknown `kid` triggers one
 * re-fetch (at most one per client per REFETCH_MS, which also prevents a
 * refresh loop). Patches the keystore class of oidc-provider 9.13.x.
 */
const REFETCH_MS = 500;
function refetchUnknownKeys(client) {
  const proto = Object.getPrototypeOf(client.asymmetricKeyStore);
  if (proto.sandboxPatched) return;
  const { fresh, refresh } = proto;
  if (typeof fresh !== 'function' || typeof refresh !== 'function') {
    throw new Error('oidc-provider client keystore API changed; revisit refetchUnknownKeys()');
  }
  Object.defineProperty(proto, 'sandboxPatched', { value: true });
  proto.fresh = function sandboxFresh() {
    if (!this.jwksUri) return true;
    if (this.sandboxFetchedAt === undefined) return fresh.call(this);
    return Date.now() - this.sandboxFetchedAt < REFETCH_MS;
  };
  proto.refresh = async function sandboxRefresh() {
    if (this.fresh()) return;
    try {
      await refresh.call(this);
    } finally {
      this.sandboxFetchedAt = Date.now();
    }
  };
}

/**
 * Start the sandbox.
 * @param {ReturnType<import('./config.js').loadSettings>} settings
 * @returns {Promise<{ issuer: string, port: number, url: string, provider: Provider, server: import('node:http').Server, close: () => Promise<void> }>}
 */
export async function startSandbox(settings) {
  const { jwks, created } = await loadOrCreateKeys(settings.keysFile);
  if (created) log(`generated signing key in ${settings.keysFile}`);

  const directory = createDirectory({ fixtures: settings.fixtures });
  /** grantId -> { acr, selectedRoleId }: the facts of the sign-in that created the grant. */
  const signIns = new Map();
  const SIGN_IN_TTL_MS = 12 * 3600 * 1000; // = Grant/Session TTL
  function rememberSignIn(grantId, facts) {
    const now = Date.now();
    if (signIns.size > 1000) {
      for (const [id, f] of signIns) if (now - f.at > SIGN_IN_TTL_MS) signIns.delete(id);
    }
    signIns.set(grantId, { ...facts, at: now });
  }

  let handler = (req, res) => send(res, 503, 'starting');
  const server = createServer((req, res) => handler(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();

  const issuer = settings.issuer ?? defaultIssuer(settings.host, port);
  const issuerPath = new URL(issuer).pathname.replace(/\/+$/, '');

  const adapter = trackingAdapter();
  const provider = new Provider(issuer, providerConfiguration({
    adapter, settings, issuerPath, jwks, directory, signIns,
  }));

  // Clean up the sign-in facts with their grants.
  provider.on('grant.revoked', (ctx, grantId) => signIns.delete(grantId));
  provider.on('server_error', (ctx, err) => log('server_error', ctx?.path ?? '', err?.stack ?? err));
  provider.on('backchannel.success', (ctx, client, accountId, sid) => log(`back-channel logout delivered client=${client.clientId} sub=${accountId} sid=${sid}`));
  provider.on('backchannel.error', (ctx, err, client, accountId, sid) => log(`back-channel logout FAILED client=${client.clientId} sub=${accountId} sid=${sid}: ${err.message}${err.cause ? ` (${err.cause.message ?? err.cause})` : ''}`));
  provider.on('grant.error', (ctx, err) => log(`token endpoint error: ${err.message}${err.error_description ? ` - ${err.error_description}` : ''}${err.error_detail ? ` (${err.error_detail})` : ''}`));
  provider.on('registration_create.success', (ctx, client) => log(`registered client ${client.clientId} (${client.clientAuthMethod})`));

  refetchUnknownKeys(await provider.Client.find('ra-portal'));

  if (settings.fixtures) {
    // TEST FIXTURE (SANDBOX_TEST_FIXTURES=1 only): oidc-provider always sets the
    // userinfo `sub` to the account id, so rewrite the JSON body afterwards for
    // the "fixture.sub-mismatch" account, to let the portal prove it refuses
    // a userinfo response whose subject differs from the ID token's.
    const fixture = directory.byLogin('fixture.sub-mismatch');
    provider.middleware.unshift(async function userinfoSubMismatchFixture(ctx, next) {
      await next();
      if (
        ctx.oidc?.route === 'userinfo'
        && ctx.status === 200
        && ctx.oidc.accessToken?.accountId === fixture.uid
        && ctx.body && typeof ctx.body === 'object' && !Buffer.isBuffer(ctx.body)
      ) {
        ctx.body = { ...ctx.body, sub: FIXTURE_USERINFO_SUB };
      }
    });
  }

  const providerCallback = provider.callback();

  // ---- interaction pages -------------------------------------------------
  const interactionRe = new RegExp(`^${issuerPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/interaction/([A-Za-z0-9_-]+)(?:/(login|role|abort))?$`);

  const urls = (uid) => ({
    action: (step) => `${issuerPath}/interaction/${uid}/${step}`,
  });

  function needsRoleSelection(details, user) {
    const scopes = new Set(String(details.params.scope || '').split(' '));
    return scopes.has('selectedrole') && user.roles.length > 1;
  }

  async function finish(req, res, details, { user, login, selectedRoleId }) {
    const scopes = new Set(String(details.params.scope || '').split(' '));
    if (!selectedRoleId && scopes.has('selectedrole') && user.roles.length === 1) {
      selectedRoleId = user.roles[0].person_roleid;
    }

    const result = {};
    let acr;
    if (login) {
      acr = acrFor(user, details.params.acr_values);
      result.login = {
        accountId: user.uid, acr, amr: assuranceFor(acr).amr, remember: true,
      };
    } else {
      acr = details.session?.acr;
    }

    // First-party clients: grant everything that was asked for, no consent screen.
    // A new grant per sign-in keeps each sign-in's acr/selected role apart.
    const grant = new provider.Grant({ accountId: user.uid, clientId: details.params.client_id });
    if (details.params.scope) grant.addOIDCScope(details.params.scope);
    if (details.params.claims) {
      try {
        const requested = JSON.parse(details.params.claims);
        const names = [...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})];
        if (names.length) grant.addOIDCClaims(names);
      } catch { /* the provider already validated it */ }
    }
    const grantId = await grant.save();
    rememberSignIn(grantId, { acr, selectedRoleId });
    result.consent = { grantId };

    log(`${login ? 'login' : 'consent'} client=${details.params.client_id} user=${user.login} sub=${user.uid} acr=${acr ?? '-'}${selectedRoleId ? ` selected_roleid=${selectedRoleId}` : ''}`);
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  async function handleInteraction(req, res, uid, step) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) {
      send(res, 400, errorPage('invalid_request', 'This sign-in page does not belong to your current sign-in. Start again from the service.'));
      return;
    }
    const { prompt, params } = details;
    const { action } = urls(uid);
    const abortAction = action('abort');

    if (step === undefined && req.method === 'GET') {
      log(`interaction ${uid} client=${params.client_id} prompt=${prompt.name} acr_values=${params.acr_values ?? '-'}`);
      if (prompt.name === 'login') {
        send(res, 200, loginPage({
          action: action('login'),
          abortAction,
          users: directory.users,
          clientId: params.client_id,
          acrValues: params.acr_values,
          scope: params.scope,
        }));
        return;
      }
      if (prompt.name === 'consent') {
        const user = directory.byUid(details.session?.accountId);
        if (!user) throw Object.assign(new Error('signed-in account no longer exists'), { status: 400 });
        if (needsRoleSelection(details, user)) {
          send(res, 200, rolePage({ action: action('role'), abortAction, user }));
          return;
        }
        await finish(req, res, details, { user, login: false });
        return;
      }
      throw Object.assign(new Error(`unsupported prompt ${prompt.name}`), { status: 400 });
    }

    if (req.method !== 'POST') {
      send(res, 405, errorPage('method_not_allowed', 'Use the buttons on the sign-in page.'));
      return;
    }
    const form = await readForm(req);

    if (step === 'abort') {
      log(`interaction ${uid} aborted by the user`);
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'End-User aborted the sign-in',
      }, { mergeWithLastSubmission: false });
      return;
    }

    if (step === 'login') {
      if (prompt.name !== 'login') throw Object.assign(new Error('no sign-in is pending'), { status: 400 });
      const user = directory.byLogin(form.get('user') ?? '');
      if (!user) throw Object.assign(new Error('unknown demo user'), { status: 400 });
      if (needsRoleSelection(details, user)) {
        // Remember who signed in (not as `login`, so resuming now would not log them in).
        await provider.interactionResult(req, res, { sandboxPendingLogin: user.uid }, { mergeWithLastSubmission: false });
        send(res, 200, rolePage({ action: action('role'), abortAction, user }));
        return;
      }
      await finish(req, res, details, { user, login: true });
      return;
    }

    // step === 'role'
    const pending = details.result?.sandboxPendingLogin;
    const login = prompt.name === 'login';
    if (login && !pending) throw Object.assign(new Error('choose a demo user first'), { status: 400 });
    const user = directory.byUid(login ? pending : details.session?.accountId);
    if (!user) throw Object.assign(new Error('unknown account'), { status: 400 });
    const roleId = form.get('roleid') ?? '';
    if (!user.roles.some((r) => r.person_roleid === roleId)) {
      throw Object.assign(new Error('that role does not belong to the signed-in user'), { status: 400 });
    }
    await finish(req, res, details, { user, login, selectedRoleId: roleId });
  }

  handler = async (req, res) => {
    const { pathname } = new URL(req.url, 'http://sandbox.invalid');
    try {
      const m = interactionRe.exec(pathname);
      if (m) {
        await handleInteraction(req, res, m[1], m[2]);
        return;
      }
      if (issuerPath === '' || pathname === issuerPath || pathname.startsWith(`${issuerPath}/`)) {
        req.originalUrl = req.url;
        req.url = req.url.slice(issuerPath.length) || '/';
        if (req.url.startsWith('?')) req.url = `/${req.url}`;
        providerCallback(req, res);
        return;
      }
      if (pathname === '/healthz' && req.method === 'GET') {
        send(res, 200, 'ok\n', 'text/plain; charset=utf-8');
        return;
      }
      if (pathname === '/sessions' && req.method === 'GET') {
        const sessions = await adapter.sessions();
        send(res, 200, sessionsPage(sessions.map((s) => ({ ...s, user: directory.byUid(s.accountId) }))));
        return;
      }
      if (pathname === '/sessions/end' && req.method === 'POST') {
        const form = await readForm(req);
        const session = (await adapter.sessions()).find((s) => s.id === form.get('id'));
        if (session) await endSession(provider, adapter, session, log);
        res.statusCode = 303;
        res.setHeader('Location', '/sessions');
        res.end();
        return;
      }
      if (settings.fixtures && pathname === '/testing/end-sessions' && req.method === 'POST') {
        // TEST FIXTURE: end every provider session of an account, as CIS2 does when a
        // smartcard is removed.
        const { sub } = await readJson(req);
        const told = [];
        for (const s of (await adapter.sessions()).filter((x) => x.accountId === sub)) {
          told.push(...await endSession(provider, adapter, s, log));
        }
        sendJson(res, 200, { told });
        return;
      }
      if (settings.fixtures && pathname === '/testing/logout-token' && req.method === 'POST') {
        // TEST FIXTURE: a token signed with the provider's key, with whatever header and
        // claims the test needs (to prove the portal refuses each kind of bad one).
        const { header, payload } = await readJson(req);
        sendJson(res, 200, { token: await signWithProviderKey(jwks, header, payload) });
        return;
      }
      if (pathname === '/' && req.method === 'GET') {
        send(res, 200, homePage({ issuer, discovery: `${issuer}/.well-known/openid-configuration` }));
        return;
      }
      send(res, 404, errorPage('not_found', `Nothing at ${pathname}. The provider lives under ${issuerPath}.`));
    } catch (err) {
      const status = err.status ?? err.statusCode ?? 500;
      if (status >= 500) log('interaction error', err.stack ?? err);
      if (!res.headersSent) {
        send(res, status, errorPage(err.error ?? 'invalid_request', err.error_description ?? err.message));
      } else {
        res.end();
      }
    }
  };

  return {
    issuer,
    port,
    url: `http://${settings.host}:${port}`,
    provider,
    server,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
