# Sourced by the benchmark scripts: `up NAME OPTIONS…` starts `./sampo up` with its home under
# $work (which the script sets) and waits for its ready line; every `up` started is stopped when the
# script exits. NAME.out holds the ready line, NAME.err the rest.
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null; done; wait 2>/dev/null || true' EXIT

up() { # name, options...
  local name=$1; shift
  "$root/sampo" up --web-ui-port 0 --sflow off --home "$work/$name" "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  until grep -q "sampo ready" "$work/$name.out" 2>/dev/null; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.err"; exit 1; }
    sleep 0.5
  done
}
