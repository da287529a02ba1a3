#!/usr/bin/env python3
"""Latency of GET /me through the local API Gateway, Cognito authorizer and Lambda.

Reads .local/config.json (written by deploy.py local). The first call after a deploy starts the
Lambda (cold); the next ones reuse it (warm). Prints figures; asserts nothing.
"""
import json
import pathlib
import statistics
import sys
import time
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


def main():
    config = json.loads((ROOT / ".local" / "config.json").read_text(encoding="utf-8"))
    tokens = post(config["endpoints"]["idp"], "InitiateAuth", {
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": config["apiClientId"],
        "AuthParameters": {"USERNAME": "demo@example.com", "PASSWORD": "Demo-Passw0rd!"},
    })["AuthenticationResult"]
    url = config["apiBaseUrl"].rstrip("/") + "/me"
    cold, status = timed_get(url, tokens["IdToken"])
    warm = [timed_get(url, tokens["IdToken"])[0] for _ in range(WARM_CALLS)]
    warm.sort()
    p95 = warm[int(len(warm) * 0.95) - 1]
    print(f"GET /me first call (cold Lambda): {cold:.1f} ms (HTTP {status})")
    print(f"GET /me warm, {WARM_CALLS} calls: min {warm[0]:.1f} ms, median {statistics.median(warm):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
