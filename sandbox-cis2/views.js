// Plain, accessible HTML for the sandbox's interaction, sign-out and error pages.
// No scripts; one small inline stylesheet.

import { fullName, roleLabel } from './accounts.js';

export function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  body { font-family: system-ui, Arial, sans-serif; margin: 0; color: #212b32; background: #f0f4f5; line-height: 1.4; }
  header { background: #005eb8; color: #fff; padding: 0.75rem 1rem; }
  header p { margin: 0; font-weight: bold; }
  main { max-width: 44rem; margin: 1.5rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin: 0 0 1rem; }
  ul.choices { list-style: none; padding: 0; margin: 0; }
  ul.choices li { background: #fff; border: 1px solid #d8dde0; padding: 0.75rem 1rem; margin-bottom: 0.75rem; }
  ul.choices p { margin: 0.4rem 0 0; color: #4c6272; }
  button { font: inherit; font-weight: bold; padding: 0.5rem 1rem; border: 0; border-radius: 4px; background: #007f3b; color: #fff; cursor: pointer; }
  button.secondary { background: #4c6272; }
  button:focus-visible { outline: 3px solid #ffeb3b; outline-offset: 2px; }
  dl { display: grid; grid-template-columns: max-content auto; gap: 0.25rem 1rem; }
  dt { font-weight: bold; }
  dd { margin: 0; }
  .warning { border-left: 6px solid #d5281b; padding-left: 0.75rem; }
`;

export function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>CIS2 sandbox (not NHS CIS2 — for development and tests only)</p></header>
<main>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function requestSummary({ clientId, acrValues, scope }) {
  return `<dl>
<dt>Service</dt><dd>${esc(clientId)}</dd>
<dt>Requested assurance</dt><dd>${esc(acrValues || 'none (defaults to AAL3_ANY)')}</dd>
<dt>Requested scope</dt><dd>${esc(scope)}</dd>
</dl>`;
}

function assuranceText(user) {
  return user.forcedAcr
    ? `Assurance: always ${user.forcedAcr}, whatever the service asks for.`
    : 'Assurance: the first requested acr value (AAL3_ANY if none).';
}

/**
 * Login prompt: one button per demo user, posted to `action` as `user=<login>`.
 */
export function loginPage({
  action, abortAction, users, clientId, acrValues, scope,
}) {
  const items = users.map((u) => `<li>
<button type="submit" name="user" value="${esc(u.login)}" aria-describedby="desc-${esc(u.login)}">Sign in as ${esc(fullName(u))}</button>
<p id="desc-${esc(u.login)}">${esc(u.description)} ${esc(assuranceText(u))} <span>(UID ${esc(u.uid)}, login ${esc(u.login)})</span></p>
</li>`).join('\n');

  return page('CIS2 sandbox: choose a demo user', `${requestSummary({ clientId, acrValues, scope })}
<form method="post" action="${esc(action)}">
<ul class="choices">
${items}
</ul>
</form>
<form method="post" action="${esc(abortAction)}">
<button type="submit" class="secondary">Cancel and return to the service</button>
</form>`);
}

/**
 * Role selection: one button per role, posted to `action` as `roleid=<person_roleid>`.
 */
export function rolePage({ action, abortAction, user }) {
  const items = user.roles.map((r) => `<li>
<button type="submit" name="roleid" value="${esc(r.person_roleid)}" aria-describedby="role-${esc(r.person_roleid)}">${esc(roleLabel(r))}</button>
<p id="role-${esc(r.person_roleid)}">Role code ${esc(r.role_code)}; role ID ${esc(r.person_roleid)}</p>
</li>`).join('\n');

  return page('Select your role', `<p>Signed in as ${esc(fullName(user))}. Choose the role to use for this service.</p>
<form method="post" action="${esc(action)}">
<ul class="choices">
${items}
</ul>
</form>
<form method="post" action="${esc(abortAction)}">
<button type="submit" class="secondary">Cancel and return to the service</button>
</form>`);
}

/** oidc-provider `features.rpInitiatedLogout.logoutSource`. */
export async function logoutSource(ctx, form) {
  // `form` is oidc-provider's hidden form (id "op.logoutForm", xsrf input,
  // absolute action URL of the end_session_confirm endpoint).
  const client = ctx.oidc.client?.clientId;
  ctx.type = 'html';
  ctx.body = page('Sign out of the CIS2 sandbox', `${form}
<p>${client ? `The service ${esc(client)} asked to sign you out.` : 'Sign out of your CIS2 sandbox session.'} This ends your sandbox session for every service you signed in to.</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
}

/** oidc-provider `features.rpInitiatedLogout.postLogoutSuccessSource`. */
export async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('You have signed out of the CIS2 sandbox', '<p>You can close this window.</p>');
}

/** oidc-provider `renderError`. */
export async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = errorPage(out.error, out.error_description);
}

export function errorPage(error, description) {
  return page('CIS2 sandbox: something went wrong', `<div class="warning">
<dl>
<dt>Error</dt><dd>${esc(error)}</dd>
${description ? `<dt>Description</dt><dd>${esc(description)}</dd>` : ''}
</dl>
</div>`);
}

export function homePage({ issuer, discovery }) {
  return page('CIS2 sandbox', `<p>A local OpenID Provider that behaves like NHS CIS2 Authentication.</p>
<dl>
<dt>Issuer</dt><dd>${esc(issuer)}</dd>
<dt>Discovery</dt><dd><a href="${esc(discovery)}">${esc(discovery)}</a></dd>
</dl>
<p><a href="/sessions">Who is signed in</a> (end a session as CIS2 does when a smartcard is removed).</p>`);
}

/** Signed-in provider sessions, each with a button that ends it (back-channel logout). */
export function sessionsPage(sessions) {
  const rows = sessions.map((s) => `<li>
<p><strong>${esc(s.user ? fullName(s.user) : s.accountId)}</strong> (${esc(s.accountId)}), signed in to: ${esc(Object.keys(s.authorizations ?? {}).join(', ') || 'no service yet')}</p>
<form method="post" action="/sessions/end"><input type="hidden" name="id" value="${esc(s.id)}"><button type="submit" class="secondary">End this session (as when the smartcard is removed)</button></form>
</li>`).join('\n');
  return page('CIS2 sandbox: who is signed in', sessions.length
    ? `<p>Ending a session sends a back-channel logout to every service the person signed in to.</p><ul class="choices">${rows}</ul>`
    : '<p>No one is signed in.</p>');
}
