/** Sign-in + consent page, error page and form_post page of the emulated identity platform. */
import { escapeHtml, htmlDocument } from '../html';
import type { AuthorizeRequest } from './authorize-request';

const CSS = `
.card{max-width:440px;margin:64px auto;background:#fff;box-shadow:0 2px 6px rgba(0,0,0,.2);padding:44px}
.brand{display:flex;align-items:center;gap:8px;font-weight:600;color:#5e5e5e;margin-bottom:16px}
.logo{display:grid;grid-template-columns:10px 10px;gap:2px}.logo span{width:10px;height:10px}
h1{font-size:24px;font-weight:600;margin:0 0 12px}
p{line-height:1.45}
ul.scopes{padding-left:20px;color:#424242}
label{display:block;margin:14px 0 4px;font-size:14px}
select,input{width:100%}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:24px}
.error{color:#b10e1c}
code{background:#f3f3f3;padding:1px 4px;border-radius:3px}
`;

const LOGO = '<span class="logo"><span style="background:#f25022"></span><span style="background:#7fba00"></span><span style="background:#00a4ef"></span><span style="background:#ffb900"></span></span>';

const SCOPE_TEXT: Record<string, string> = {
  'Tasks.ReadWrite': 'Create, read, update, and delete your tasks and task lists',
  'Tasks.Read': 'Read your tasks and task lists',
  'User.Read': 'Sign you in and read your profile',
  offline_access: 'Maintain access to data you have given it access to',
  openid: 'Sign you in',
  profile: 'View your basic profile',
  email: 'View your email address',
};

export function consentPage(request: AuthorizeRequest, users: { email: string; displayName: string }[], actionUrl: string): string {
  const selected = request.loginHint?.toLowerCase();
  const options = users
    .map((u) => `<option value="${escapeHtml(u.email)}"${u.email === selected ? ' selected' : ''}>${escapeHtml(u.displayName)} (${escapeHtml(u.email)})</option>`)
    .join('');
  const scopes = [...new Set(request.scopes.map((s) => SCOPE_TEXT[s] ?? s))].map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  const body = `<main class="card">
  <div class="brand">${LOGO} Microsoft <span class="sandbox-badge">Sandbox</span></div>
  <h1>Permissions requested</h1>
  <p><strong>${escapeHtml(request.clientId)}</strong> would like to:</p>
  <ul class="scopes">${scopes}</ul>
  <form method="post" action="${escapeHtml(actionUrl)}">
    <input type="hidden" name="request_id" value="${escapeHtml(request.id)}">
    <label for="account">Sign in as</label>
    <select id="account" name="account">${options}</select>
    <label for="new_account">…or another sandbox account (email)</label>
    <input id="new_account" name="new_account" type="email" placeholder="someone@planner.test">
    <p style="font-size:13px;color:#616161">This is the Planner sandbox: no real Microsoft account is used.</p>
    <div class="actions">
      <button class="btn" name="decision" value="decline" type="submit">Decline</button>
      <button class="btn btn-primary" name="decision" value="accept" type="submit">Accept</button>
    </div>
  </form>
</main>`;
  return htmlDocument('Sign in to your account', CSS, body);
}

export function errorPage(code: number, description: string): string {
  const body = `<main class="card">
  <div class="brand">${LOGO} Microsoft <span class="sandbox-badge">Sandbox</span></div>
  <h1>Sorry, but we’re having trouble signing you in.</h1>
  <p class="error"><code>AADSTS${code}</code>: ${escapeHtml(description)}</p>
</main>`;
  return htmlDocument('Sign in error', CSS, body);
}

export function formPostPage(redirectUri: string, params: Record<string, string>): string {
  const inputs = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return `<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()">` +
    `<form method="POST" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}
