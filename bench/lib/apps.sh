# The static servers of the load benches' other apps (the peers, an earlier portal build), one
# definition for bench/load.sh and bench/ab.sh. Source it after scripts/lib.sh.
# shellcheck shell=bash

# serve_app NAME ROOT PORT [serve.py options…]: ROOT on 127.0.0.1:PORT, started by start_bg
# under NAME, with the /config.json bench/lib/peers.py wrote for that port; returns once it answers.
serve_app() {
  local name="$1" root="$2" port="$3"; shift 3
  require_free_port "$port"
  start_bg "$name" "$LOCAL/logs/$name.log" python3 "$ROOT/scripts/serve.py" --root "$root" \
    --config "$LOCAL/bench/peer-$port.config.json" --port "$port" "$@"
  wait_http "http://127.0.0.1:$port/" 20 "$name"
}

# serve_peer NAME ROOT PORT: a peer app. Vite names every file in its assets/ by content, with a
# hash scripts/assets.py does not recognise; a team deploying it caches that directory for good,
# and so does this server (bench/README.md, "The peers").
serve_peer() {
  serve_app "$1" "$2" "$3" --immutable-under assets
}
