// Issue #13: the organisation's analyses behind the scoped routes (access token, portal-api
// scopes), the tenant from the token trigger, and every refusal explained.
import { expect, test, type Page, type Request } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD, openHostedUi, signInAs, submitCredentials } from '../pages/portal';

const repo = path.resolve(__dirname, '../../..');
const configPath = process.env.CONFIG_PATH ?? path.join(repo, '.local/config.json');
const config = JSON.parse(readFileSync(configPath, 'utf-8')) as { apiBaseUrl: string };
const BUYER = { email: 'buyer@globex.example', password: 'Buyer-Passw0rd!' };
const READER = { email: 'reader@initech.example', password: 'Reader-Passw0rd!' };
const NOBODY = { email: 'nobody@example.com', password: 'Nobody-Passw0rd!' };

async function openAnalyses(page: Page) {
  await page.getByRole('link', { name: 'Analyses' }).click();
  await expect(page.getByRole('heading', { name: 'Analyses', exact: true })).toBeVisible();
}

async function create(page: Page, name: string): Promise<string> {
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create analysis' }).click();
  await expect(page.getByTestId('create-status')).toHaveText(`Created \u201c${name}\u201d.`);
  const row = page.getByTestId('analyses-table').locator('tr', { hasText: name });
  await expect(row).toHaveCount(1);
  return (await row.getAttribute('data-id'))!;
}

async function api(method: string, route: string, token: string, body?: unknown) {
  const r = await fetch(`${config.apiBaseUrl}${route}`, {
    method,
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() as Record<string, unknown> };
}

function analysesRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => { if (r.url().startsWith(`${config.apiBaseUrl}/analyses`) && r.method() !== 'OPTIONS') seen.push(r); });
  return seen;
}

test('two organisations each see only their own analyses, and the other one\'s item is refused', async ({ browser }) => {
  const tag = randomUUID().slice(0, 8);
  const acme = await browser.newPage();
  const acmeCalls = analysesRequests(acme);
  const acmeTokens = (await signInAs(acme, DEMO_EMAIL, DEMO_PASSWORD)).tokens;
  await openAnalyses(acme);
  await expect(acme.getByTestId('tenant')).toHaveText('acme');
  await expect(acme.getByTestId('access')).toHaveAttribute('data-access', 'ReadWrite');
  const acmeName = `Acme churn ${tag} <b>not bold</b>`;
  const acmeId = await create(acme, acmeName);
  // Rendered as text: the markup in the name is not markup.
  await expect(acme.locator('.analysis-name b')).toHaveCount(0);
  // Every call took the access token, never the ID token.
  expect(acmeCalls.length).toBeGreaterThanOrEqual(2);
  for (const call of acmeCalls) expect(await call.headerValue('authorization')).toBe(acmeTokens.access_token);

  const globex = await browser.newPage();
  const globexTokens = (await signInAs(globex, BUYER.email, BUYER.password)).tokens;
  await openAnalyses(globex);
  await expect(globex.getByTestId('tenant')).toHaveText('globex');
  const globexName = `Globex forecast ${tag}`;
  await create(globex, globexName);
  await expect(globex.getByText(acmeName)).toHaveCount(0);

  // The other organisation's id, opened in the page: not found, explained.
  await globex.getByLabel('Analysis id').fill(acmeId);
  await globex.getByRole('button', { name: 'Open' }).click();
  await expect(globex.getByRole('alert')).toContainText('Not found in your organisation');
  await expect(globex.getByRole('alert')).toContainText('another organisation');
  // And called directly: the same 404 as an id that does not exist, so nothing leaks.
  const foreign = await api('GET', `/analyses/${acmeId}`, globexTokens.access_token);
  const missing = await api('GET', `/analyses/${'0'.repeat(32)}`, globexTokens.access_token);
  expect(foreign).toEqual({ status: 404, body: missing.body });
  expect(foreign.body.error).toBe('not_found');
  expect((await api('GET', `/analyses/${acmeId}`, acmeTokens.access_token)).status).toBe(200);
  // A tenant named in the body is ignored.
  const sneaky = await api('POST', '/analyses', globexTokens.access_token, { name: `Sneaky ${tag}`, tenant: 'acme', tenant_id: 'acme' });
  expect(sneaky.status).toBe(201);

  await acme.getByRole('button', { name: 'Reload the list' }).click();
  await expect(acme.getByTestId('analyses-table')).toContainText(acmeName);
  await expect(acme.getByText(globexName)).toHaveCount(0);
  await expect(acme.getByText(`Sneaky ${tag}`)).toHaveCount(0);
  await acme.close();
  await globex.close();
});

test('an ID token on /analyses is refused by the gateway, and the page explains why', async ({ page }) => {
  const tokens = (await signInAs(page, DEMO_EMAIL, DEMO_PASSWORD)).tokens;
  const direct = await api('GET', '/analyses', tokens.id_token);
  expect(direct).toEqual({ status: 401, body: { message: 'Unauthorized' } });
  // The page's own call, with the ID token put in place of the access token on the way out. Its
  // 401 makes the page refresh once; that refresh answers with the access token already held (the
  // emulator's own refreshed access token lacks the scopes: docs/local-aws.md), so the page does
  // not retry and explains the 401 it got.
  await page.route(`${config.apiBaseUrl}/analyses`, (route) => route.continue({
    headers: { ...route.request().headers(), authorization: tokens.id_token },
  }));
  await page.route('**/oauth2/token', async (route) => {
    if (!(route.request().postData() ?? '').includes('grant_type=refresh_token')) return route.continue();
    const answer = await route.fetch();
    const body = { ...(await answer.json()), access_token: tokens.access_token };
    return route.fulfill({ response: answer, json: body });
  });
  await openAnalyses(page);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The API refused the token for this route');
  await expect(alert).toContainText('takes the ACCESS token carrying portal-api/analyses.read');
  await expect(alert).toContainText('an ID token');
});

test('an access token without the write scope: the page does not send, and the gateway refuses', async ({ page }) => {
  const calls = analysesRequests(page);
  const tokens = (await signInAs(page, READER.email, READER.password)).tokens;
  await openAnalyses(page);
  await expect(page.getByTestId('tenant')).toHaveText('initech');
  await expect(page.getByTestId('access')).toHaveAttribute('data-access', 'ReadOnly');
  await expect(page.getByTestId('analyses-table').or(page.getByTestId('analyses-empty'))).toBeVisible();
  await page.getByLabel('Name').fill('Not allowed');
  await page.getByRole('button', { name: 'Create analysis' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Your access does not include this');
  await expect(alert).toContainText('portal-api/analyses.write');
  expect(calls.filter((c) => c.method() === 'POST')).toHaveLength(0);
  const scope = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()).scope as string;
  expect(scope.split(' ')).toContain('portal-api/analyses.read');
  expect(scope.split(' ')).not.toContain('portal-api/analyses.write');
  expect(await api('POST', '/analyses', tokens.access_token, { name: 'x' })).toEqual({ status: 401, body: { message: 'Unauthorized' } });
  expect((await api('GET', '/analyses', tokens.access_token)).status).toBe(200);
});

test('a user without an organisation gets no tokens: refused by the token trigger in words', async ({ page }) => {
  // Through the hosted UI: the emulator fails the code exchange with an error that reaches the
  // page without CORS headers, so the page can only say the token endpoint gave no answer (on AWS
  // the trigger's words come back as Cognito's error description: docs/deploy.md). No session.
  await openHostedUi(page);
  const exchange = page.waitForEvent('requestfailed', (r) => r.url().includes('/oauth2/token'));
  await submitCredentials(page, NOBODY.email, NOBODY.password);
  await exchange;
  await expect(page.getByRole('alert').first()).toContainText('token endpoint');
  await expect(page.getByRole('heading', { name: /Welcome/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  // Through the API (a script's InitiateAuth), the trigger's own words reach the client.
  const portal = JSON.parse(readFileSync(configPath, 'utf-8')) as { apiClientId: string; endpoints: { idp: string } };
  const answer = await fetch(portal.endpoints.idp, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: portal.apiClientId,
      AuthParameters: { USERNAME: NOBODY.email, PASSWORD: NOBODY.password } }),
  });
  const text = await answer.text();
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(text).toContain('Your account is not assigned to an organisation yet');
  expect(text).not.toContain('AccessToken');
});
