# Sourced by the benchmark scripts: `up NAME OPTIONS…` starts `./sampo up` with its home under
# $work (which the script sets) and waits for its ready line; every `up` started is stopped when the
# script exits (`|| true`: under set -e a failing kill of one already stopped would end the trap, and
# the script, with status 1). NAME.out holds the ready line, NAME.err the rest.
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

up() { # name, [--class-path CP] (another build's class path instead of ./sampo; its JVM options: UP_JAVA_OPTS), options...
  local name=$1; shift
  local -a cmd=("$root/sampo")
  if [ "$1" = "--class-path" ]; then cmd=(java ${UP_JAVA_OPTS:--XX:+UseParallelGC} -cp "$2" dev.sampo.cli.Main); shift 2; fi
  "${cmd[@]}" up --web-ui-port 0 --sflow off --dashboard off --home "$work/$name" "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  until grep -q "sampo ready" "$work/$name.out" 2>/dev/null; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.err"; return 1; }
    sleep 0.5
  done
  cat "$work/$name.out"
}
ui() { grep -o "flink-ui=[^ ]*" "$work/$1.out" | cut -d= -f2; } # the Flink web UI of `up` NAME
