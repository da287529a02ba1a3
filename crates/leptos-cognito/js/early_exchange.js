// The callback's code exchange, sent by the boot script before the wasm has arrived (issue #11).
// It adopts nothing and adds no rule of its own: it sends only when the core's callback check
// (cognito_auth::protocol::callback::check_callback) would pass on the same inputs (a state whose
// pending record exists and names it, not older than the record's limit, no error, a code), so a
// callback the portal refuses spends no code; and it sends only what the sign-in left in that
// record (the token endpoint, and the body up to the code), with the code appended. The portal
// takes it once through `cognitoPortalEarlyExchange()`, checks the callback itself, and adopts
// the answer only if the request is exactly the one it would send
// (cognito_auth::protocol::early_exchange::adopts). The Content-Security-Policy's connect-src
// bounds where it can go. Prepended to the boot script by scripts/externalize_loader.py; the
// names and the limit are checked by leptos_cognito::early_exchange's tests.
{
  let early;
  try {
    // The hand-over first: a name already taken means no early exchange, and the portal sends
    // its own (never fatal, and never a code spent twice).
    Object.defineProperty(globalThis, 'cognitoPortalEarlyExchange', {
      value: () => { const taken = early; early = undefined; return taken; },
    });
    const query = new URLSearchParams(location.search);
    const code = query.get('code'), state = query.get('state');
    const record = location.pathname == '/callback' && code && state && !query.get('error')
      && JSON.parse(sessionStorage.getItem('cognito-portal.pending.' + state));
    const age = record && Math.floor(Date.now() / 1000) - record.created_at;
    const url = record && record.exchange_url, head = record && record.exchange_body;
    if (record && record.state === state && age >= -600 && age <= 600
      && typeof url == 'string' && typeof head == 'string') {
      const body = head + encodeURIComponent(code);
      const answer = fetch(url, {
        method: 'POST', body, credentials: 'omit', cache: 'no-store', referrer: '',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }).then(async (r) => ({ status: r.status, body: await r.text().catch(() => '') }));
      answer.catch(() => {});
      early = { url, body, answer };
    }
  } catch {}
}
