// Issue #13's hardening, through the local stack: group names are split on whitespace only.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AWS_ENDPOINT, readConfig } from '../pages/portal';

const repo = path.resolve(__dirname, '../../..');
const python = path.join(repo, '.tools/venv/bin/python');
const config = readConfig() as ReturnType<typeof readConfig> & { apiBaseUrl: string; apiClientId: string };

/** Creates the group (if missing) and a confirmed user of the organisation `acme` in it, with
 * the AWS API (boto3): the token trigger refuses a user without an organisation. */
function userInGroup(email: string, password: string, group: string): void {
  const script = `
import sys, boto3
endpoint, pool, email, password, group = sys.argv[1:]
c = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id="test", aws_secret_access_key="test")
try:
    c.create_group(UserPoolId=pool, GroupName=group, Description="test-only: a comma in a group name")
except c.exceptions.GroupExistsException:
    pass
c.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                    UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
                                    {"Name": "custom:tenant_id", "Value": "acme"}])
c.admin_set_user_password(UserPoolId=pool, Username=email, Password=password, Permanent=True)
c.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=group)
`;
  execFileSync(python, ['-c', script, AWS_ENDPOINT, config.userPoolId, email, password, group], { stdio: 'pipe' });
}

/** The API client's USER_PASSWORD_AUTH sign-in, as customers' scripts do it. */
async function idToken(email: string, password: string): Promise<string> {
  const response = await fetch(`${AWS_ENDPOINT}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.apiClientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { AuthenticationResult: { IdToken: string } }).AuthenticationResult.IdToken;
}

test('a user in a group named "partners,admins" is not an admin: 403 on /admin/summary', async () => {
  const email = `partner-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'Partner-Passw0rd!';
  userInGroup(email, password, 'partners,admins');
  const token = await idToken(email, password);
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  expect(claims['cognito:groups']).toEqual(['partners,admins']);

  const summary = await fetch(`${config.apiBaseUrl}/admin/summary`, { headers: { Authorization: token } });
  expect(summary.status).toBe(403);
  expect(((await summary.json()) as { message: string }).message).toContain('admins');
  // The Lambda saw the one group as it is named, and no admin part came with /me.
  const me = await fetch(`${config.apiBaseUrl}/me`, { headers: { Authorization: token } });
  expect(me.status).toBe(200);
  const body = (await me.json()) as { groups: string[]; admin?: unknown };
  expect(body.groups).toEqual(['partners,admins']);
  expect(body).not.toHaveProperty('admin');
});
