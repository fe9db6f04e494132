# Shell helpers the benchmarks share; sourced from the repository's root (src/bench/overhead.sh, spend.sh).

# started <pid> <what> <log> <curl arguments…>: waits until curl succeeds, or stops if the process ended
started() {
  local pid=$1 what=$2 log=$3
  shift 3
  until curl -s -o /dev/null "$@"; do
    kill -0 "$pid" 2>/dev/null || { echo "$what did not start: $log" >&2; exit 1; }
    sleep 0.05
  done
}

# wrk_load <url> <body> <key> <concurrency> <seconds> → "requests errors seconds p50_ms p99_ms"
# (closed loop through src/bench/post.lua: a POST of the body, a GET when it is empty)
wrk_load() {
  local threads=$(( $4 < 2 ? 1 : 2 ))
  BODY="$2" KEY="$3" wrk -t"$threads" -c"$4" -d"$5"s -s src/bench/post.lua "$1" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}
