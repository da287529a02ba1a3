// The local corporate identity provider ("Globex"): panva's oidc-provider (pinned in
// package-lock.json) with one demo employee, for the run and test commands only. The user pool
// federates it as the OIDC provider `Globex` (deploy/deploy.py, local target), so "Sign in with
// Globex" goes portal -> Cognito's /oauth2/authorize -> this IdP's sign-in and consent pages ->
// Cognito's /oauth2/idpresponse -> the portal's /callback, as it would with a company's real IdP.
//
// Environment (set by scripts/lib.sh start_idp):
//   IDP_PORT         port on 127.0.0.1 (the issuer is http://127.0.0.1:$IDP_PORT)
//   IDP_CLIENT_FILE  JSON {clientId, clientSecret} written with mode 0600 for this run; deploy.py
//                    gives the same pair to the user pool
//   IDP_GATEWAY      the emulator's gateway (http://127.0.0.1:4566): where /oauth2/idpresponse is
//   IDP_COGNITO_DOMAINS  comma-separated user-pool domain hosts (<prefix>.auth.<region>.amazoncognito.com)
//
// Why the domains: a pool with a domain names its callback https://<domain>/oauth2/idpresponse,
// on AWS and in the emulator alike, and that is the redirect URI registered here (the one a
// company registers at its real IdP: docs/deploy.md). No DNS or TLS serves that host on this
// machine, so this IdP sends the browser to the same path on the emulator's gateway instead
// (docs/local-aws.md). The token exchange still names the registered URI, which is checked.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.IDP_PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('IDP_PORT must be a port number');
const issuer = `http://127.0.0.1:${port}`;
const gateway = (process.env.IDP_GATEWAY || '').replace(/\/+$/, '');
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(gateway)) throw new Error('IDP_GATEWAY must be http://127.0.0.1:<port>');
const client = JSON.parse(readFileSync(process.env.IDP_CLIENT_FILE, 'utf8'));
const domains = (process.env.IDP_COGNITO_DOMAINS || '').split(',').map((d) => d.trim()).filter(Boolean);

// The registered callback URL of each pool domain, and where the browser is sent for it.
const browserRedirects = new Map(
  domains.map((host) => [`https://${host}/oauth2/idpresponse`, `${gateway}/oauth2/idpresponse`]),
);
// A pool without a domain names the gateway itself, as MINISTACK_HOST (localhost) spells it.
const redirectUris = [
  `${gateway}/oauth2/idpresponse`,
  `${gateway.replace('127.0.0.1', 'localhost')}/oauth2/idpresponse`,
  ...browserRedirects.keys(),
];

// The demo employee (the contract between #13's helpers): the claim `tenant` is mapped to the
// pool's custom:tenant_id by the identity provider's AttributeMapping.
const EMPLOYEES = {
  'jordan@globex.example': {
    password: 'Globex-Passw0rd!',
    claims: {
      sub: 'globex-employee-0001',
      email: 'jordan@globex.example',
      email_verified: true,
      given_name: 'Jordan',
      family_name: 'Rivera',
      name: 'Jordan Rivera',
      tenant: 'globex',
    },
  },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'globex-local-1' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // What Cognito (and the emulator) send: the secret in the form body.
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  // The organisation claim comes with the `tenant` scope (the pool asks for it: authorize_scopes).
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    tenant: ['tenant'],
  },
  scopes: ['openid', 'email', 'profile', 'tenant'],
  // Cognito reads the attributes from the ID token: put the granted claims in it.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [jwk.d.slice(0, 32)] },
  async findAccount(_ctx, id) {
    const employee = Object.values(EMPLOYEES).find((e) => e.claims.sub === id);
    if (!employee) return undefined;
    return { accountId: id, claims: async () => ({ ...employee.claims }) };
  },
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>`
    + '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
    + `<body><main><p><strong>Globex</strong> corporate sign-in (local test IdP)</p><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function loginPage(uid, message) {
  return page('Sign in to Globex', `${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label>Work email <input name="username" type="email" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p></form>
<form method="post" action="/interaction/${escape(uid)}/abort"><p><button type="submit">Cancel</button></p></form>`);
}

function consentPage(uid, clientId, scopes) {
  return page('Share your details', `<p>The application <code>${escape(clientId)}</code> asks for: ${escape(scopes.join(', '))}.</p>
<form method="post" action="/interaction/${escape(uid)}/confirm"><p><button type="submit">Allow</button></p></form>
<form method="post" action="/interaction/${escape(uid)}/abort"><p><button type="submit">Cancel</button></p></form>`);
}

async function readForm(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 4096) throw new errors.InvalidRequest('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// The interaction pages, and the browser redirect from a pool domain's callback to the gateway.
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|confirm|abort))?$/.exec(ctx.path);
  if (!match) {
    await next();
    const location = ctx.response.get('Location') || '';
    for (const [registered, local] of browserRedirects) {
      if (location.startsWith(`${registered}?`)) ctx.set('Location', local + location.slice(registered.length));
    }
    return;
  }
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', "default-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  ctx.set('Referrer-Policy', 'no-referrer');
  const [, uid, action] = match;
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');
  const { prompt, params, session } = details;
  if (!action && ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = prompt.name === 'login'
      ? loginPage(uid)
      : consentPage(uid, params.client_id, String(params.scope || '').split(' '));
    return;
  }
  if (ctx.method !== 'POST' || !action) ctx.throw(405);
  if (action === 'abort') {
    await provider.interactionFinished(ctx.req, ctx.res, {
      error: 'access_denied', error_description: 'The user cancelled the sign-in at Globex.',
    }, { mergeWithLastSubmission: false });
    return;
  }
  if (action === 'login') {
    const form = await readForm(ctx.req);
    const employee = EMPLOYEES[(form.get('username') || '').trim().toLowerCase()];
    if (prompt.name !== 'login' || !employee || employee.password !== form.get('password')) {
      ctx.type = 'html';
      ctx.status = prompt.name === 'login' ? 200 : 400;
      ctx.body = loginPage(uid, 'Incorrect email or password.');
      return;
    }
    await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: employee.claims.sub } },
      { mergeWithLastSubmission: false });
    return;
  }
  // confirm: grant what the consent prompt found missing.
  if (prompt.name !== 'consent') ctx.throw(400, 'nothing to consent to');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true });
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`Globex IdP: ${issuer} (client ${client.clientId}; redirect URIs ${redirectUris.join(' ')})\n`);
});
