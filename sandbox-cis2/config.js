// Settings (environment variables) and the oidc-provider configuration that
// makes the sandbox behave like NHS CIS2 Authentication.

import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { claimsFor } from './accounts.js';
import { logoutSource, postLogoutSuccessSource, renderError } from './views.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The realm path of CIS2's Healthcare realm; the sandbox issuer uses it too. */
export const CIS2_PATH = '/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';

/** Authentication context classes advertised in discovery (`acr_values_supported`). */
export const ACR_VALUES = ['AAL3_ANY', 'AAL2_OR_AAL3_ANY', 'AAL2_ANY', 'AAL2_TOTP', 'AAL1_USERPASS'];
export const DEFAULT_ACR = 'AAL3_ANY';

export const SCOPES = ['openid', 'profile', 'email', 'nationalrbacaccess', 'associatedorgs', 'selectedrole', 'nhsperson'];

/**
 * Scope -> claims. `openid` lists the ID-token claims: with oidc-provider's
 * default `conformIdTokenClaims: true` the ID token only gets the `openid`
 * scope's claims (plus nonce/sid/at_hash…), everything else is userinfo-only.
 */
export const CLAIMS = {
  openid: ['sub', 'acr', 'amr', 'auth_time', 'id_assurance_level', 'authentication_assurance_level', 'selected_roleid'],
  profile: ['name', 'family_name', 'given_name', 'uid'],
  email: ['email'],
  nationalrbacaccess: ['nhsid_nrbac_roles'],
  associatedorgs: ['nhsid_user_orgs'],
  nhsperson: ['nhsid_useruid', 'idassurancelevel', 'display_name'],
  selectedrole: ['selected_roleid'],
  acr: null,
  amr: null,
  auth_time: null,
  sid: null,
  iss: null,
};

const trimSlash = (s) => s.replace(/\/+$/, '');

/** Read the SANDBOX_* environment variables (all optional). */
export function loadSettings(env = process.env) {
  const port = env.SANDBOX_PORT !== undefined && env.SANDBOX_PORT !== '' ? Number(env.SANDBOX_PORT) : 4400;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number, got ${env.SANDBOX_PORT}`);
  }
  return {
    host: '127.0.0.1',
    port,
    // undefined -> derived from the bound port (lets tests use port 0)
    issuer: env.SANDBOX_ISSUER || undefined,
    portalUrl: trimSlash(env.SANDBOX_PORTAL_URL || 'http://127.0.0.1:3000'),
    // default relative to sandbox-cis2/; a relative SANDBOX_KEYS_FILE is relative to the cwd
    keysFile: env.SANDBOX_KEYS_FILE ? resolve(env.SANDBOX_KEYS_FILE) : resolve(HERE, '../data/sandbox-cis2-keys.json'),
    registrationToken: env.SANDBOX_REGISTRATION_TOKEN || 'sandbox-registration-token',
    fixtures: env.SANDBOX_TEST_FIXTURES === '1',
  };
}

export function defaultIssuer(host, port) {
  return `http://${host}:${port}${CIS2_PATH}`;
}

/** `http://127.0.0.1:3000` -> [that, `http://localhost:3000`] (and vice versa). */
function loopbackVariants(base) {
  const url = new URL(base);
  const variants = [trimSlash(url.href)];
  const other = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' }[url.hostname];
  if (other) {
    url.hostname = other;
    variants.push(trimSlash(url.href));
  }
  return variants;
}

/** The two static clients for the dev portal at `portalUrl`. */
export function staticClients(portalUrl) {
  const bases = loopbackVariants(portalUrl);
  const common = {
    redirect_uris: bases.map((b) => `${b}/auth/callback`),
    post_logout_redirect_uris: bases.map((b) => `${b}/signed-out`),
    backchannel_logout_uri: `${portalUrl}/auth/backchannel-logout`,
    backchannel_logout_session_required: true,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
  };
  return [
    {
      ...common,
      client_id: 'ra-portal',
      client_name: 'RA Portal (dev, private_key_jwt)',
      jwks_uri: `${portalUrl}/.well-known/jwks.json`,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS512',
    },
    {
      ...common,
      client_id: 'ra-portal-secret',
      client_name: 'RA Portal (dev, client_secret_post)',
      client_secret: 'sandbox-client-secret',
      token_endpoint_auth_method: 'client_secret_post',
    },
  ];
}

/**
 * oidc-provider configuration.
 * @param {object} o
 * @param {ReturnType<typeof loadSettings>} o.settings
 * @param {string} o.issuerPath   path part of the issuer ('' or '/openam/…')
 * @param {{ keys: object[] }} o.jwks  private signing JWKS
 * @param {ReturnType<import('./accounts.js').createDirectory>} o.directory
 * @param {Map<string, { acr?: string, selectedRoleId?: string }>} o.signIns  grantId -> sign-in facts
 */
export function providerConfiguration({
  adapter,
  settings, issuerPath, jwks, directory, signIns,
}) {
  return {
    adapter,
    clients: staticClients(settings.portalUrl),
    jwks,
    cookies: {
      // Fresh per run: restarting the sandbox ends all sandbox sessions.
      keys: [randomBytes(32).toString('base64url')],
      // Cookies ignore ports, so the portal on 127.0.0.1:3000 sees these too:
      // give them names that cannot clash with the portal's own cookies.
      names: {
        session: 'cis2sandbox_session',
        interaction: 'cis2sandbox_interaction',
        resume: 'cis2sandbox_resume',
      },
    },

    responseTypes: ['code'],
    pkce: { required: () => true }, // oidc-provider 9 only implements S256
    scopes: SCOPES,
    claims: CLAIMS,
    acrValues: ACR_VALUES,
    clientAuthMethods: ['private_key_jwt', 'client_secret_post'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256'],
      idTokenSigningAlgValues: ['RS256'],
    },
    // CIS2-like endpoint paths under the issuer (clients must use discovery anyway).
    routes: {
      authorization: '/authorize',
      token: '/access_token',
      userinfo: '/userinfo',
      jwks: '/connect/jwk_uri',
      end_session: '/connect/endSession',
      registration: '/register',
      revocation: '/token/revoke',
      introspection: '/introspect',
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
      Interaction: 3600,
    },

    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      registration: { enabled: true, initialAccessToken: settings.registrationToken },
      revocation: { enabled: true },
      // Not offered by CIS2; keep discovery close to the real thing.
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },

    interactions: {
      url: (ctx, interaction) => `${issuerPath}/interaction/${interaction.uid}`,
    },

    async findAccount(ctx, sub, token) {
      const user = directory.byUid(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        // `token` is the AuthorizationCode (ID token) or AccessToken (userinfo).
        async claims() {
          const signIn = token?.grantId ? signIns.get(token.grantId) : undefined;
          return claimsFor(user, {
            acr: token?.acr ?? signIn?.acr,
            selectedRoleId: signIn?.selectedRoleId,
          });
        },
      };
    },

    // Outgoing requests (client jwks_uri, back-channel logout POSTs) must be
    // able to reach loopback addresses; oidc-provider 9's default dispatcher
    // refuses special-use IPs. Local sandbox only.
    fetch(url, options) {
      delete options.dispatcher;
      return globalThis.fetch(url, options);
    },

    renderError,
  };
}
