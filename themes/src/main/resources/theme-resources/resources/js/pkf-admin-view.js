// The admin view: signs the administrator in with the public client pkf-admin-view (authorization
// code with PKCE), keeps the tokens in memory only, and reads the admin REST API with them. Every
// permission is decided by the server; this page only shows what it is given.

const config = JSON.parse(document.getElementById('pkf-admin-config').textContent);
const words = JSON.parse(document.getElementById('pkf-admin-words').textContent);
const $ = (id) => document.getElementById(id);
const FLOW = 'pkf-admin-flow';

let tokens = null;
let target = config.target;
let shownUser = null;

const fill = (template, value) => template.replace('{0}', value);
const when = (millis) => (millis ? new Date(millis).toLocaleString() : words.never);

function b64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return b64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function signIn() {
  const verifier = randomString();
  const state = randomString();
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  // the verifier must outlive the redirect; the tab's session storage is the one place it survives
  sessionStorage.setItem(FLOW, JSON.stringify({ verifier, state, target, hash: location.hash }));
  const url = new URL(config.authUrl);
  url.search = new URLSearchParams({
    client_id: config.clientId, redirect_uri: config.pageUrl, response_type: 'code', scope: 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

async function tokenRequest(params) {
  const response = await fetch(config.tokenUrl, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...params }),
  });
  if (!response.ok) throw new Error('token ' + response.status);
  const t = await response.json();
  return { access: t.access_token, refresh: t.refresh_token, idToken: t.id_token };
}

async function finishSignIn(params) {
  const flow = JSON.parse(sessionStorage.getItem(FLOW) || 'null');
  sessionStorage.removeItem(FLOW);
  // a code this tab did not ask for (another tab, a crafted link) is never exchanged
  if (!flow || params.get('state') !== flow.state) return false;
  tokens = await tokenRequest({
    grant_type: 'authorization_code', code: params.get('code'), redirect_uri: config.pageUrl, code_verifier: flow.verifier,
  });
  target = flow.target || target;
  history.replaceState(null, '', config.pageUrl + '?realm=' + encodeURIComponent(target) + (flow.hash || ''));
  return true;
}

async function api(path, method = 'GET', retried = false) {
  const response = await fetch(config.adminUrl + '/' + encodeURIComponent(target) + path, {
    method, headers: { Authorization: 'Bearer ' + tokens.access, Accept: 'application/json' },
  });
  // the master realm's access tokens live a minute: renew once, then start over
  if (response.status === 401 && !retried && tokens.refresh) {
    try {
      tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh });
    } catch {
      await signIn();
      return null;
    }
    return api(path, method, true);
  }
  if (response.status === 403) throw new Error('forbidden');
  if (response.status === 404) return null;
  if (!response.ok) throw new Error('status ' + response.status);
  return response.json();
}

function status(text) {
  $('pkf-admin-status').textContent = text || '';
}

function error(e) {
  const box = $('pkf-admin-error');
  box.textContent = e && e.message === 'forbidden' ? words.forbidden : words.failed;
  box.hidden = false;
}

function clearError() {
  $('pkf-admin-error').hidden = true;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text == null || text === '' ? '–' : String(text);
  if (className) td.className = className;
  return td;
}

function rows(tableId, items, empty, render) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  if (!items.length) {
    const td = body.insertRow().insertCell();
    td.colSpan = $(tableId).tHead.rows[0].cells.length;
    td.textContent = empty;
    return;
  }
  items.forEach((item) => render(body.insertRow(), item));
}

async function showAdoption() {
  const a = await api('/passkey-first/adoption');
  $('pkf-admin-adoption').hidden = false;
  if (!a) {
    ['pkf-admin-users', 'pkf-admin-with-passkey', 'pkf-admin-waiting'].forEach((id) => { $(id).textContent = '–'; });
    $('pkf-admin-counted').textContent = words.notCounted;
    rows('pkf-admin-providers', [], words.notCounted, () => {});
    return;
  }
  $('pkf-admin-users').textContent = a.users;
  $('pkf-admin-with-passkey').textContent = a.users ? `${a.withPasskey} (${Math.round((100 * a.withPasskey) / a.users)} %)` : a.withPasskey;
  $('pkf-admin-waiting').textContent = a.waitingRecoveries;
  $('pkf-admin-counted').textContent = when(a.computedAt);
  rows('pkf-admin-providers', a.byProvider, words.noPasskeys, (row, p) => {
    cell(row, p.provider === 'unknown' ? words.UNKNOWN : p.provider);
    cell(row, words[p.sync] || p.sync);
    cell(row, p.users, 'pkf-admin-number');
  });
}

function passkeyRow(row, k) {
  cell(row, k.label, 'pkf-admin-label');
  const provider = cell(row, k.provider);
  if (k.icon && k.icon.startsWith('data:image/')) {
    const img = document.createElement('img');
    img.src = k.icon;
    img.alt = '';
    img.width = 16;
    img.height = 16;
    provider.prepend(img, ' ');
  }
  cell(row, words[k.sync] || k.sync, 'pkf-admin-sync');
  const how = words[k.enrollment] || words.enrollUnknown;
  cell(row, `${k.created ? when(k.created) + ', ' : ''}${how}${k.enrolledFrom ? ' ' + fill(words.approvedBy, k.enrolledFrom) : ''}`);
  cell(row, k.lastUsed ? [when(k.lastUsed), k.lastUsedAgent, k.lastUsedPlace].filter(Boolean).join(' · ') : words.never);
}

function pendingRow(row, p) {
  cell(row, words['purpose' + p.purpose] || p.purpose, 'pkf-admin-purpose');
  cell(row, p.label);
  cell(row, [when(p.createdAt), p.createdAgent].filter(Boolean).join(' · '));
  cell(row, p.activateAt ? when(p.activateAt) : '');
  cell(row, when(p.expiresAt));
}

function activityRow(row, a) {
  cell(row, when(a.at));
  const proof = a.kind === 'recovery_proof' && a.method ? ` (${words['act_' + a.method] || a.method})` : '';
  cell(row, (words['act_' + a.kind] || a.kind) + proof);
  cell(row, a.label);
  cell(row, a.agent);
  cell(row, a.place);
}

async function showUser(id) {
  clearError();
  const [who, facts] = await Promise.all([api('/users/' + encodeURIComponent(id)), api('/passkey-first/users/' + encodeURIComponent(id))]);
  if (!who || !facts) {
    $('pkf-admin-user').hidden = true;
    status(words.noUser);
    return;
  }
  shownUser = id;
  history.replaceState(null, '', '#user=' + encodeURIComponent(id));
  $('pkf-admin-user').hidden = false;
  $('pkf-admin-user-title').textContent = who.username;
  $('pkf-admin-user-email').textContent = who.email && who.email !== who.username ? who.email : '';
  rows('pkf-admin-passkeys', facts.passkeys, words.noPasskeys, passkeyRow);
  rows('pkf-admin-pending', facts.pending, words.noPending, pendingRow);
  rows('pkf-admin-activity', facts.activity || [], words.noActivity, activityRow);
  $('pkf-admin-cancel').hidden = !facts.pending.some((p) => p.purpose === 'RECOVERY');
  $('pkf-admin-freeze').textContent = facts.frozenSince != null ? fill(words.frozenSince, when(facts.frozenSince)) : words.notFrozen;
  $('pkf-admin-lift').hidden = facts.frozenSince == null;
  const ways = $('pkf-admin-ways');
  ways.replaceChildren(...(facts.waysBackIn.length ? facts.waysBackIn : ['none']).map((m) => {
    const li = document.createElement('li');
    li.textContent = m === 'none' ? words.none : words['way' + m] || m;
    return li;
  }));
  $('pkf-admin-password').textContent = facts.password ? words.yes : words.no;
  status('');
}

async function search(q) {
  clearError();
  const found = (await api('/users?briefRepresentation=true&max=20&search=' + encodeURIComponent(q))) || [];
  const list = $('pkf-admin-results');
  list.replaceChildren();
  if (!found.length) status(words.noUsers);
  else status('');
  found.forEach((u) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'pkf-admin-link';
    b.textContent = u.email && u.email !== u.username ? `${u.username} <${u.email}>` : u.username;
    b.addEventListener('click', () => showUser(u.id).catch(error));
    li.append(b);
    list.append(li);
  });
}

async function post(path) {
  return api('/passkey-first/users/' + encodeURIComponent(shownUser) + path, 'POST');
}

async function realms() {
  const select = $('pkf-admin-realm');
  let names = [target];
  try {
    // the realms this administrator may see; a realm administrator sees only their own
    const list = await fetch(config.adminUrl, { headers: { Authorization: 'Bearer ' + tokens.access } });
    if (list.ok) names = (await list.json()).map((r) => r.realm);
  } catch {
    // the select then holds the one realm named in the address
  }
  if (!names.includes(target)) names.unshift(target);
  select.replaceChildren(...names.map((n) => new Option(n, n, n === target, n === target)));
  select.addEventListener('change', () => {
    location.assign(config.pageUrl + '?realm=' + encodeURIComponent(select.value));
  });
}

function wire() {
  $('pkf-admin-search').addEventListener('submit', (e) => {
    e.preventDefault();
    search($('pkf-admin-q').value.trim()).catch(error);
  });
  $('pkf-admin-count').addEventListener('click', async () => {
    try {
      await api('/passkey-first/adoption/count', 'POST');
      await showAdoption();
    } catch (e) {
      error(e);
    }
  });
  $('pkf-admin-cancel').addEventListener('click', async () => {
    if (!window.confirm(words.cancelConfirm)) return;
    try {
      const r = await post('/recoveries/cancel');
      await showUser(shownUser);
      status(fill(words.cancelled, r.pendingRemoved));
    } catch (e) {
      error(e);
    }
  });
  $('pkf-admin-lift').addEventListener('click', async () => {
    try {
      await post('/freeze/lift');
      await showUser(shownUser);
      status(words.lifted);
    } catch (e) {
      error(e);
    }
  });
  const out = $('pkf-admin-sign-out');
  out.hidden = false;
  out.addEventListener('click', () => {
    const url = new URL(config.logoutUrl);
    url.search = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: config.pageUrl, id_token_hint: tokens.idToken || '' });
    tokens = null;
    location.assign(url.toString());
  });
}

async function start() {
  const params = new URLSearchParams(location.search);
  if (params.has('error')) {
    // a refused sign-in is shown, not retried: retrying would loop on the same refusal
    sessionStorage.removeItem(FLOW);
    status('');
    throw new Error('forbidden');
  }
  if (!params.has('code')) return signIn();
  if (!(await finishSignIn(params))) {
    // a code this tab did not ask for: start a clean sign-in of its own
    history.replaceState(null, '', config.pageUrl + '?realm=' + encodeURIComponent(target));
    return signIn();
  }
  $('pkf-admin').setAttribute('aria-busy', 'false');
  status('');
  wire();
  await realms();
  $('pkf-admin-find').hidden = false;
  await showAdoption().catch(error);
  const user = new URLSearchParams(location.hash.slice(1)).get('user');
  if (user) await showUser(user).catch(error);
}

start().catch(error);
