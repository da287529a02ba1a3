#!/usr/bin/env python3
"""Latency of GET /me through the local API Gateway, Cognito authorizer and Lambda.

Reads .local/config.json (written by deploy.py local). The first call after a deploy starts the
Lambda (cold); the next ones reuse it (warm). Prints figures; asserts nothing.
"""
import http.client
import json
import pathlib
import statistics
import sys
import time
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
WARM_CALLS = 50


def post(url, target, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"AWSCognitoIdentityProviderService.{target}",
    })
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def timed_get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": token})
    start = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - start) * 1000, status


def timed_keep_alive(url, token, calls):
    """Warm calls over one kept-alive connection, as a browser makes them."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        connection.request("GET", parts.path, headers={"Authorization": token})
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
    connection.close()
    return sorted(times)


def summary(times):
    p95 = times[int(len(times) * 0.95) - 1]
    return f"min {times[0]:.1f} ms, median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"


def demo_sign_in():
    """The local config and the demo user's tokens (InitiateAuth on the API-access client)."""
    config = json.loads((ROOT / ".local" / "config.json").read_text(encoding="utf-8"))
    tokens = post(config["endpoints"]["idp"], "InitiateAuth", {
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": config["apiClientId"],
        "AuthParameters": {"USERNAME": "demo@example.com", "PASSWORD": "Demo-Passw0rd!"},
    })["AuthenticationResult"]
    return config, tokens


def main():
    config, tokens = demo_sign_in()
    url = config["apiBaseUrl"].rstrip("/") + "/me"
    cold, status = timed_get(url, tokens["IdToken"])
    warm = sorted(timed_get(url, tokens["IdToken"])[0] for _ in range(WARM_CALLS))
    kept = timed_keep_alive(url, tokens["IdToken"], WARM_CALLS)
    print(f"GET /me first call (cold Lambda, new connection): {cold:.1f} ms (HTTP {status})")
    print(f"GET /me warm, {WARM_CALLS} calls, a new connection each: {summary(warm)}")
    print(f"GET /me warm, {WARM_CALLS} calls, one kept-alive connection: {summary(kept)}")


if __name__ == "__main__":
    sys.exit(main())
