import { UserManager } from 'oidc-client-ts';
import { callMe, claimText, loadConfig } from '../../common/config.js';
import '../../common/style.css';

const app = document.getElementById('app');

/** An element with text (never HTML) and children. */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showError(error) {
  app.replaceChildren(el('p', { role: 'alert', textContent: `Sign-in failed: ${error.message}` }));
}

function showSignedOut(manager) {
  const button = el('button', { textContent: 'Sign in' });
  button.addEventListener('click', () => manager.signinRedirect().catch(showError));
  app.replaceChildren(el('section', { className: 'card' }, el('h1', { textContent: 'You are signed out' }), button));
}

function apiCard(apiBaseUrl, idToken) {
  const card = el('section', { className: 'card api-me' }, el('h2', { textContent: 'Your profile, from the API' }));
  const answer = el('div');
  const again = el('button', { textContent: 'Call again' });
  const call = async () => {
    again.disabled = true;
    card.setAttribute('aria-busy', 'true');
    try {
      const data = await callMe(apiBaseUrl, idToken);
      const rows = Object.entries(data).flatMap(([name, value]) => [
        el('dt', { textContent: name }),
        el('dd', { textContent: claimText(value) }),
      ]);
      answer.replaceChildren(el('dl', { className: 'api-data' }, ...rows));
    } catch (error) {
      answer.replaceChildren(el('p', { role: 'alert', textContent: error.message }));
    }
    card.setAttribute('aria-busy', 'false');
    again.disabled = false;
  };
  again.addEventListener('click', call);
  card.append(answer, again);
  call();
  return card;
}

function showSignedIn(manager, user, config) {
  const profile = user.profile;
  const signOut = el('button', { textContent: 'Sign out' });
  signOut.addEventListener('click', async () => {
    await manager.removeUser();
    window.location.href = config.logoutUrl;
  });
  const rows = Object.entries(profile).map(([name, value]) =>
    el('tr', {}, el('th', {}, el('code', { textContent: name })), el('td', { textContent: claimText(value) })),
  );
  const table = el(
    'table',
    { className: 'claims' },
    el('caption', { textContent: 'ID token claims' }),
    el('thead', {}, el('tr', {}, el('th', { textContent: 'Claim' }), el('th', { textContent: 'Value' }))),
    el('tbody', {}, ...rows),
  );
  app.replaceChildren(
    el('section', { className: 'card' }, el('h1', { textContent: `Welcome, ${profile.name ?? profile.email}` }), signOut),
    ...(config.apiBaseUrl ? [apiCard(config.apiBaseUrl, user.id_token)] : []),
    el('section', { className: 'card' }, table),
  );
}

async function start() {
  const config = await loadConfig();
  const manager = new UserManager(config.settings);
  const params = new URLSearchParams(window.location.search);
  let user;
  if (params.has('code') || params.has('error')) {
    user = await manager.signinCallback();
    // Drop ?code=…&state=… from the address bar.
    window.history.replaceState({}, document.title, '/');
  } else {
    user = await manager.getUser();
  }
  if (user && !user.expired) showSignedIn(manager, user, config);
  else showSignedOut(manager);
}

start().catch(showError);
