// The reference issuer's console. Every value is written with textContent, never as markup, so a
// hostile name in a realm shows as text. The token decoder works here, in the browser: no request.
'use strict';

const base = location.pathname.replace(/\/$/, '');
const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); return e; };
const clear = node => { while (node.firstChild) node.removeChild(node.firstChild); };
const list = values => (values || []).join(', ');
let issuer = null;

async function getJson(url) {
  const r = await fetch(url, { headers: { 'Accept': 'application/json' } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error_description || body.error || ('HTTP ' + r.status));
  return body;
}

function row(tbody, cells) {
  const tr = el('tr');
  cells.forEach(c => tr.appendChild(el('td', c)));
  tbody.appendChild(tr);
}

async function showRealm() {
  issuer = document.getElementById('realm').value;
  const realm = await getJson(issuer + '/testing/realm');
  const info = document.getElementById('realm-info');
  clear(info);
  [['realm', realm.realm], ['issuer', realm.issuer], ['enabled', realm.enabled],
   ['access token lifespan', realm.access_token_lifespan + ' s'], ['signature algorithm', realm.default_signature_algorithm]]
    .forEach(([k, v]) => { info.appendChild(el('dt', k)); info.appendChild(el('dd', v)); });
  const notices = document.getElementById('notices');
  clear(notices);
  (realm.notices || []).concat((realm.ignored || []).map(i => 'ignored: ' + i)).forEach(n => notices.appendChild(el('li', n)));
  const clients = document.querySelector('#client-table tbody');
  clear(clients);
  realm.clients.forEach(c => row(clients, [c.client_id + (c.enabled ? '' : ' (disabled)'), c.type, list(c.flows),
    list(c.default_scopes), list(c.mappers.map(m => m.name + ' (' + m.type + ')')), list(c.roles)]));
  const users = document.querySelector('#user-table tbody');
  clear(users);
  realm.users.forEach(u => row(users, [u.username, u.enabled, list(u.realm_roles),
    list(Object.entries(u.client_roles).map(([c, r]) => c + ': ' + r.join(' '))), list(u.groups)]));
}

async function evaluate(event) {
  event.preventDefault();
  const out = document.getElementById('ev-result');
  clear(out);
  const q = new URLSearchParams({ client_id: document.getElementById('ev-client').value });
  const user = document.getElementById('ev-user').value;
  const scope = document.getElementById('ev-scope').value;
  if (user) q.set('username', user);
  if (scope) q.set('scope', scope);
  try {
    const e = await getJson(issuer + '/testing/evaluate?' + q);
    out.appendChild(el('h3', 'aud'));
    const ul = el('ul');
    const reasons = e.audience_reasons || e.reasons || {};
    Object.keys(reasons).forEach(a => ul.appendChild(el('li', a + ': ' + [].concat(reasons[a]).join('; '))));
    if (!ul.firstChild) ul.appendChild(el('li', 'no audience at all: a fail-closed service refuses these tokens'));
    out.appendChild(ul);
    out.appendChild(el('h3', 'the whole explanation'));
    out.appendChild(el('pre', JSON.stringify(e, null, 2)));
  } catch (err) {
    out.appendChild(el('p', err.message)).className = 'error';
  }
}

function b64url(part) {
  const s = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(s + '='.repeat((4 - s.length % 4) % 4)), ch => ch.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function decode() {
  const out = document.getElementById('decoded');
  clear(out);
  const token = document.getElementById('token').value.trim();
  if (!token) return;
  const parts = token.split('.');
  try {
    if (parts.length !== 3) throw new Error('not a JWS in compact form (three parts separated by dots)');
    out.appendChild(el('h3', 'header'));
    out.appendChild(el('pre', JSON.stringify(b64url(parts[0]), null, 2)));
    const claims = b64url(parts[1]);
    out.appendChild(el('h3', 'claims'));
    out.appendChild(el('pre', JSON.stringify(claims, null, 2)));
    ['exp', 'iat', 'nbf'].filter(k => typeof claims[k] === 'number')
      .forEach(k => out.appendChild(el('p', k + ': ' + new Date(claims[k] * 1000).toISOString())));
    out.appendChild(el('p', 'The signature is not checked here.'));
  } catch (err) {
    out.appendChild(el('p', 'cannot decode: ' + err.message)).className = 'error';
  }
}

async function start() {
  const { realms } = await getJson(base + '/console/realms');
  const select = document.getElementById('realm');
  realms.forEach(r => { const o = el('option', r.realm); o.value = base + '/realms/' + encodeURIComponent(r.realm); select.appendChild(o); });
  select.addEventListener('change', showRealm);
  document.getElementById('evaluate-form').addEventListener('submit', evaluate);
  document.getElementById('token').addEventListener('input', decode);
  await showRealm();
  // Links into the console: ?client_id=..&username=..&scope=.. evaluates; #token=.. decodes (a
  // fragment never leaves the browser, so the token is not sent to this server either).
  const params = new URLSearchParams(location.search);
  if (params.get('client_id')) {
    document.getElementById('ev-client').value = params.get('client_id');
    document.getElementById('ev-user').value = params.get('username') || '';
    document.getElementById('ev-scope').value = params.get('scope') || '';
    await evaluate(new Event('submit'));
  }
  if (location.hash.startsWith('#token=')) {
    document.getElementById('token').value = decodeURIComponent(location.hash.substring('#token='.length));
    decode();
  }
  document.body.dataset.loaded = 'true';
}

start().catch(err => { document.body.appendChild(el('p', 'console failed: ' + err.message)).className = 'error'; });
