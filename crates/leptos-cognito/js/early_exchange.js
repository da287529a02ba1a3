// The callback's code exchange, sent by the boot script before the wasm has arrived (issue #11).
// It decides nothing: it sends what the sign-in left in the pending record of the callback's
// state (the token endpoint, and the body up to the code), with the code appended. The portal
// takes the request once through `cognitoPortalEarlyExchange()` and adopts the answer only if it
// is exactly the request it would send itself (cognito_auth::protocol::early_exchange::adopts).
// The Content-Security-Policy's connect-src bounds where it can go. Prepended to the boot script
// by scripts/externalize_loader.py; the names are checked by leptos_cognito::early_exchange.
{
  let early;
  try {
    const query = new URLSearchParams(location.search);
    const code = query.get('code'), state = query.get('state');
    const record = location.pathname == '/callback' && code && state
      && JSON.parse(sessionStorage.getItem('cognito-portal.pending.' + state));
    const url = record && record.exchange_url, head = record && record.exchange_body;
    if (typeof url == 'string' && typeof head == 'string') {
      const body = head + encodeURIComponent(code);
      const answer = fetch(url, {
        method: 'POST', body, credentials: 'omit', cache: 'no-store', referrer: '',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }).then(async (r) => ({ status: r.status, body: await r.text().catch(() => '') }));
      answer.catch(() => {});
      early = { url, body, answer };
    }
  } catch {}
  // Never fatal: if the name is taken, the portal finds no early exchange and sends its own.
  try {
    Object.defineProperty(globalThis, 'cognitoPortalEarlyExchange', {
      value: () => { const taken = early; early = undefined; return taken; },
    });
  } catch {}
}
