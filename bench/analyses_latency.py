#!/usr/bin/env python3
"""Latency of GET /analyses through the local API Gateway, the scoped Cognito authorizer, the
Lambda and DynamoDB (issue #13).

Reads .local/config.json (written by deploy.py local). The first call after a deploy starts the
Lambda and its DynamoDB client (cold); the next ones reuse it (warm). The demo user's access token
is used, with a few analyses in the list. Prints medians; asserts nothing.
"""
import json
import pathlib
import statistics
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from api_latency import WARM_CALLS, demo_sign_in, summary, timed_get, timed_keep_alive  # noqa: E402


def main():
    config, tokens = demo_sign_in()
    url = config["apiBaseUrl"].rstrip("/") + "/analyses"
    cold, status = timed_get(url, tokens["AccessToken"])
    print(f"GET /analyses first call (cold Lambda and DynamoDB client, empty list): {cold:.1f} ms (HTTP {status})")
    import urllib.request
    for i in range(5):
        request = urllib.request.Request(url, method="POST", data=json.dumps({"name": f"bench {i}"}).encode(),
                                         headers={"Authorization": tokens["AccessToken"], "Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
    warm = sorted(timed_get(url, tokens["AccessToken"])[0] for _ in range(WARM_CALLS))
    kept = timed_keep_alive(url, tokens["AccessToken"], WARM_CALLS)
    print(f"GET /analyses warm (5 items), {WARM_CALLS} calls, a new connection each: {summary(warm)}")
    print(f"GET /analyses warm (5 items), {WARM_CALLS} calls, one kept-alive connection: {summary(kept)}")
    print(f"medians: cold {cold:.1f} ms (one sample per deploy), warm {statistics.median(warm):.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
