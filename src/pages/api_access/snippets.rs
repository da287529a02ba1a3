//! The API access page's scripts: sign in with `InitiateAuth` (`USER_PASSWORD_AUTH` on the
//! API-access app client), answer Cognito's `SOFTWARE_TOKEN_MFA` challenge with a code from the
//! user's authenticator app when their account has two-factor sign-in, then call `GET /me` with
//! the ID token.
//!
//! People copy these and run them, so the values from `/config.json` are quoted for the language
//! they land in (a quote in a value cannot end the string and run as code), passwords and codes
//! go into the JSON through a JSON encoder (a quote in a password cannot break the request), and
//! no password, session or token is put on a command line, where every local user could read it
//! with `ps`: the shell script passes them in the environment and on standard input. The shell
//! script never holds the password in its text either: it asks for it with `read -r -s` (or takes
//! `PORTAL_PASSWORD` from the environment), so it is not left in the script file or the shell's
//! history; it never exports it (no program the script starts sees it in its environment) and
//! hands it to python3 on standard input, which builds the JSON (`json.dumps`, not string
//! pasting; chosen over `jq --arg`, which is not installed everywhere, while the script already
//! needs python3).

use cognito_auth::protocol::api::api_url;
use cognito_auth::protocol::config::Config;

/// The values a script needs, quoted by the caller for its language.
struct Values {
    idp: String,
    client_id: String,
    me: String,
}

fn values(config: &Config, quote: fn(&str) -> String) -> Values {
    Values {
        idp: quote(&config.endpoints.idp),
        client_id: quote(config.api_client_id.as_deref().unwrap_or_default()),
        me: quote(&api_url(
            config.api_base_url.as_deref().unwrap_or_default(),
            "/me",
        )),
    }
}

fn fill(template: &str, values: &Values) -> String {
    template
        .replace("@IDP@", &values.idp)
        .replace("@CLIENT_ID@", &values.client_id)
        .replace("@ME_URL@", &values.me)
}

/// `value` as one POSIX shell word: single quotes, each `'` inside written `'\''`.
pub fn shell_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// `value` as a Python string literal: a JSON string is one (`\"`, `\\`, `\n`, `\uXXXX` mean the
/// same in both), and `serde_json` escapes every quote, backslash and control character.
pub fn python_quoted(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}

/// The bash script (curl for HTTP, python3 for JSON, as jq is not everywhere).
pub fn curl_snippet(config: &Config) -> String {
    fill(CURL_TEMPLATE, &values(config, shell_quoted))
}

/// The Python script (standard library only).
pub fn python_snippet(config: &Config) -> String {
    fill(PYTHON_TEMPLATE, &values(config, python_quoted))
}

const CURL_TEMPLATE: &str = r##"#!/usr/bin/env bash
set -euo pipefail
# Your portal username (email):
export USERNAME='you@example.com'
export CLIENT_ID=@CLIENT_ID@

# Your password: typed at the prompt (not shown, not in your shell history, on no command line),
# or from the environment variable PORTAL_PASSWORD if set (a CI secret, say). Never exported: no
# program this script starts gets it in its environment; it goes to the JSON builder on stdin.
if [ -z "${PORTAL_PASSWORD:-}" ]; then
  read -r -s -p 'Password: ' PORTAL_PASSWORD || true
  echo >&2
fi
if [ -z "${PORTAL_PASSWORD:-}" ]; then
  echo 'Type your portal password at the prompt (or set PORTAL_PASSWORD in the environment).' >&2
  exit 1
fi

# One call to Cognito's user-pools API: the operation, the JSON body on stdin.
cognito() {
  curl -sS -X POST @IDP@ \
    -H 'Content-Type: application/x-amz-json-1.1' \
    -H "X-Amz-Target: AWSCognitoIdentityProviderService.$1" --data-binary @-
}
# Prints the answer's value at a path (e.g. AuthenticationResult IdToken), or stops with
# Cognito's error in its own words.
read_answer() {
  python3 -c 'import json, sys
try:
    answer = json.load(sys.stdin)
except ValueError:
    sys.exit("Cognito did not answer with JSON: check the address and your network.")
if "__type" in answer:
    sys.exit("Cognito refused: %s: %s" % (answer["__type"].split("#")[-1], answer.get("message", "")))
for key in sys.argv[1:]:
    answer = answer.get(key) if isinstance(answer, dict) else None
print(answer or "")' "$@"
}

# 1. Sign in with your username and password (InitiateAuth, USER_PASSWORD_AUTH).
ANSWER=$(printf '%s' "$PORTAL_PASSWORD" | python3 -c 'import json, os, sys
print(json.dumps({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": os.environ["CLIENT_ID"],
    "AuthParameters": {"USERNAME": os.environ["USERNAME"], "PASSWORD": sys.stdin.read()}}))' \
  | cognito InitiateAuth)
unset PORTAL_PASSWORD
CHALLENGE=$(printf '%s' "$ANSWER" | read_answer ChallengeName)

# 2. With two-factor sign-in on, Cognito asks for a code from your authenticator app
#    (SOFTWARE_TOKEN_MFA): answer with the code and the session it sent, within 3 minutes.
if [ "$CHALLENGE" = SOFTWARE_TOKEN_MFA ]; then
  read -r -p 'Code from your authenticator app: ' CODE || true
  if ! [[ "${CODE:-}" =~ ^[0-9]{6}$ ]]; then
    echo 'This account has two-factor sign-in: run the script again and type the 6-digit code your authenticator app shows.' >&2
    exit 1
  fi
  SESSION=$(printf '%s' "$ANSWER" | read_answer Session)
  # Cognito's own name for the user, which may differ from what was typed.
  USER_ID=$(printf '%s' "$ANSWER" | read_answer ChallengeParameters USER_ID_FOR_SRP)
  export CODE SESSION USER_ID
  ANSWER=$(python3 -c 'import json, os
print(json.dumps({"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": os.environ["CLIENT_ID"],
    "Session": os.environ["SESSION"], "ChallengeResponses": {
        "USERNAME": os.environ["USER_ID"] or os.environ["USERNAME"],
        "SOFTWARE_TOKEN_MFA_CODE": os.environ["CODE"]}}))' \
    | cognito RespondToAuthChallenge)
elif [ -n "$CHALLENGE" ]; then
  echo "Cognito asks for $CHALLENGE, which this script does not answer: sign in to the portal once to finish it, then run the script again." >&2
  exit 1
fi
ID_TOKEN=$(printf '%s' "$ANSWER" | read_answer AuthenticationResult IdToken)

# 3. Call the API with the ID token (not the access token), as a header read from stdin.
printf 'Authorization: %s\n' "$ID_TOKEN" | curl -sS @ME_URL@ -H @-
"##;

const PYTHON_TEMPLATE: &str = r##"import getpass, json, os, re, sys, urllib.error, urllib.request

USERNAME = "you@example.com"
# Typed at the prompt (not shown), or from the environment variable PORTAL_PASSWORD (a CI
# secret, say): never written into this file.
PASSWORD = os.environ.get("PORTAL_PASSWORD") or getpass.getpass("Password: ")
CLIENT_ID = @CLIENT_ID@

def cognito(operation, body):
    """One call to Cognito's user-pools API; stops with Cognito's error in its own words."""
    request = urllib.request.Request(@IDP@, data=json.dumps(body).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService." + operation,
    })
    try:
        with urllib.request.urlopen(request) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            answer = json.loads(error.read())
        except ValueError:
            answer = {}
        kind = answer.get("__type", f"HTTP {error.code}").split("#")[-1]
        sys.exit(f"Cognito refused {operation}: {kind}: {answer.get('message', '')}")

# 1. Sign in with your username and password.
answer = cognito("InitiateAuth", {
    "AuthFlow": "USER_PASSWORD_AUTH",
    "ClientId": CLIENT_ID,
    "AuthParameters": {"USERNAME": USERNAME, "PASSWORD": PASSWORD},
})

# 2. With two-factor sign-in on, Cognito asks for a code from your authenticator app
#    (SOFTWARE_TOKEN_MFA): answer with the code and the session it sent, within 3 minutes.
if answer.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
    print("Code from your authenticator app: ", end="", file=sys.stderr, flush=True)
    code = sys.stdin.readline().strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        sys.exit("This account has two-factor sign-in: run the script again and type "
                 "the 6-digit code your authenticator app shows.")
    answer = cognito("RespondToAuthChallenge", {
        "ChallengeName": "SOFTWARE_TOKEN_MFA",
        "ClientId": CLIENT_ID,
        "Session": answer["Session"],
        "ChallengeResponses": {
            # Cognito's own name for the user, which may differ from what was typed.
            "USERNAME": answer.get("ChallengeParameters", {}).get("USER_ID_FOR_SRP", USERNAME),
            "SOFTWARE_TOKEN_MFA_CODE": code,
        },
    })
elif "ChallengeName" in answer:
    sys.exit(f"Cognito asks for {answer['ChallengeName']}, which this script does not answer: "
             "sign in to the portal once to finish it, then run the script again.")
tokens = answer["AuthenticationResult"]

# 3. Call the API with the ID token (not the access token).
request = urllib.request.Request(@ME_URL@, headers={"Authorization": tokens["IdToken"]})
try:
    with urllib.request.urlopen(request) as response:
        print(json.dumps(json.load(response), indent=2))
except urllib.error.HTTPError as error:
    sys.exit(f"The API refused the call: HTTP {error.code}: {error.read().decode(errors='replace')}")

# Tokens live an hour: renew with InitiateAuth REFRESH_TOKEN_AUTH and tokens["RefreshToken"]
# (no code needed: a refresh never meets the two-factor challenge).
"##;

#[cfg(test)]
#[path = "snippets_tests.rs"]
mod tests;
