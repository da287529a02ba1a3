"""How each built file is served: its Content-Type, its Cache-Control, and which encodings it has.

One rule for both places the site is served from, so they cannot drift: the local server
(scripts/serve.py) and the S3 upload behind CloudFront (deploy/deploy.py).
"""
import mimetypes
import re

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# A content hash before the extension: Trunk's `cognito-portal-<hash>.js`, `…-<hash>_bg.wasm` and
# `main-<hash>.css`, our `boot-<hash>.js`, and the split chunks' `name-<16 hex>.wasm`. Trunk prints
# its 64-bit hash without leading zeros, so a hash can be shorter than 16 digits (we have seen 15):
# ten digits is the floor, far above any word a file would be named after by hand.
HASHED = re.compile(r"-[0-9a-f]{10,64}(_bg)?\.[A-Za-z0-9]+$")

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    # Browsers compile a streamed wasm module only with exactly this type (and CloudFront
    # compresses it only with this type).
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}

# Text-like files that shrink: scripts/precompress.mjs writes a `.br` and a `.gz` beside each.
COMPRESSIBLE = (".wasm", ".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt")

# The precompressed siblings, best first: the server picks the first the client accepts.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def is_hashed(name):
    """True when the file name carries a content hash, so its bytes never change under it."""
    return HASHED.search(name) is not None


def cache_control(name):
    """Hashed assets forever; everything else (index.html first) is revalidated on every load, so
    a deploy shows at once and an unhashed file is never stuck in a cache."""
    return IMMUTABLE if is_hashed(name) else REVALIDATE


def content_type(name):
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def is_precompressed_sibling(name):
    """`x.wasm.br` or `x.js.gz` made by scripts/precompress.mjs (not a file of the site itself)."""
    stem, dot, ext = name.rpartition(".")
    return bool(dot) and "." + ext in {e for _, e in ENCODINGS} and stem.lower().endswith(COMPRESSIBLE)


def parse_accept_encoding(header):
    """{coding: q} from an Accept-Encoding header (RFC 9110 §12.5.3), names lower-cased, `x-gzip`
    read as `gzip`. A malformed weight counts as 0: a client we cannot read gets no encoding."""
    weights = {}
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        coding = fields[0].lower()
        if not coding:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:
                    q = 0.0
        coding = "gzip" if coding == "x-gzip" else coding
        # Named twice: the lower weight, so a refusal is never overridden.
        weights[coding] = min(q, weights.get(coding, q))
    return weights


def choose_encoding(header, available):
    """The coding to send from `available` (a subset of ENCODINGS' names), or None for the file as
    it is. Only what the client names (or `*` covers) with a weight above 0; the higher weight
    wins, brotli on a tie. No header: the file as it is."""
    if not header:
        return None
    weights = parse_accept_encoding(header)
    best, best_q = None, 0.0
    for coding, _ext in ENCODINGS:
        if coding not in available:
            continue
        q = weights.get(coding, weights.get("*", 0.0))
        if q > best_q:
            best, best_q = coding, q
    return best
