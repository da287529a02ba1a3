// The peers read the same /config.json as the portal (written by the bench from the stack's
// outputs, with the peers' own app client and callback URL), so one built bundle runs against
// any stack, as the portal's does.

/** Fetches /config.json and returns oidc-client-ts settings plus the API's base URL. */
export async function loadConfig() {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  const config = await response.json();
  // Cognito's discovery document lives at cognito-idp.<region>.amazonaws.com/<pool id>; the
  // local emulator serves it beside the pool's JWKS.
  const authority =
    config.endpoints?.jwks?.replace(/\/\.well-known\/jwks\.json$/, '') ??
    `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
  return {
    settings: {
      authority,
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
      post_logout_redirect_uri: config.logoutUri,
      response_type: 'code',
      scope: 'openid email profile',
    },
    apiBaseUrl: config.apiBaseUrl?.replace(/\/$/, ''),
    logoutUrl: `${config.hostedUiBaseUrl.replace(/\/$/, '')}/logout?client_id=${encodeURIComponent(config.clientId)}&logout_uri=${encodeURIComponent(config.logoutUri)}`,
  };
}

/** GET <apiBaseUrl>/me with the ID token, as the portal calls it. */
export async function callMe(apiBaseUrl, idToken) {
  const response = await fetch(`${apiBaseUrl}/me`, { headers: { Authorization: idToken } });
  if (!response.ok) throw new Error(`GET /me: HTTP ${response.status}`);
  return response.json();
}

/** A claim's value as text. */
export function claimText(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
