#!/usr/bin/env bash
# What spend control costs per request: one gateway, one fast fake provider, two keys of one run,
# one without limits and one with every limit and a budget (requests, tokens, concurrency per key,
# a monthly budget; all far above what the load reaches, so nothing is refused). The load
# alternates between the two keys, ROUNDS times, so the machine's drift hits both alike; prints
# requests/s and p50/p99 per key and the p50 the check adds. The load is wrk (as in overhead.sh),
# after WARMUP seconds (default 120) on both keys: on 2 cores the JIT was still taking about half
# the gateway's CPU after 30 s, and each round ran faster than the one before.
#   src/bench/spend.sh [seconds per run=10]
#   CONCURRENCY="1 16" ROUNDS=3 REDIS_URL=redis://127.0.0.1:6379 src/bench/spend.sh 10
# Without REDIS_URL the gateway runs as shipped: H2, the counters in its memory. With it, they are
# in Redis: the requests bucket's compare-and-swap (from the state this replica last wrote), the tokens
# bucket's read and the Lua call for the slot and the reservation are sent together and awaited once;
# what the answer settles is sent after it, unawaited.
# SKIP_BUILD=1 reuses target/. Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/common.sh
SECS=${1:-10}
CONCURRENCY=${CONCURRENCY:-1 16}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-120}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
FAKE_PORT=${FAKE_PORT:-18191}
GW_PORT=${GW_PORT:-18190}
MGMT_PORT=${MGMT_PORT:-18189}

command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
[ -n "${SKIP_BUILD:-}" ] || mvn -q -B -DskipTests package test-compile
JAR=${JAR:-$(ls target/opengateway-*-exec.jar | head -n 1)}
OUT=target/bench-spend
rm -rf "$OUT" && mkdir -p "$OUT/data"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$JAVA" -Devents=10 -DgapMs=0 -cp target/test-classes io.opengateway.bench.FakeProvider "$FAKE_PORT" > "$OUT/fake.log" 2>&1 &
pids+=($!)
started "$!" "the fake provider" "$OUT/fake.log" "http://127.0.0.1:$FAKE_PORT/"

extra=()
if [ -n "${REDIS_URL:-}" ]; then
  extra+=("--opengateway.spend.redis-url=$REDIS_URL" "--opengateway.spend.redis-prefix=bench-$$:")
fi
# shellcheck disable=SC2086
"$JAVA" $JAVA_OPTS -jar "$JAR" --server.port="$GW_PORT" --management.server.port="$MGMT_PORT" \
  --spring.datasource.url="jdbc:h2:file:./$OUT/data/gateway;DB_CLOSE_ON_EXIT=FALSE" \
  --opengateway.billing.spool-dir="$OUT/data/spool" --opengateway.admin-token=bench-admin \
  --opengateway.providers.openai.base-url="http://127.0.0.1:$FAKE_PORT/v1" --opengateway.providers.openai.api-key=sk-bench \
  "${extra[@]}" > "$OUT/gateway.log" 2>&1 &
GW=$!
pids+=($GW)
started "$GW" "the gateway" "$OUT/gateway.log" -f "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness"

key() {
  curl -sf "http://127.0.0.1:$GW_PORT/admin/keys" -H 'Authorization: Bearer bench-admin' \
    -H 'Content-Type: application/json' -d "{\"account\":\"$1\"}"
}
OFF=$(key bench-off | sed 's/.*"key":"\([^"]*\)".*/\1/')
ON_JSON=$(key bench-on)
ON=$(echo "$ON_JSON" | sed 's/.*"key":"\([^"]*\)".*/\1/')
ON_ID=$(echo "$ON_JSON" | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X PUT "http://127.0.0.1:$GW_PORT/admin/keys/$ON_ID/limits" -H 'Authorization: Bearer bench-admin' \
  -H 'Content-Type: application/json' \
  -d '{"requests_per_minute": 1000000000, "tokens_per_minute": 1000000000, "max_concurrent": 100000, "monthly_usd": "1000000"}' >/dev/null

URL="http://127.0.0.1:$GW_PORT/v1/chat/completions"
BODY='{"model":"openai/gpt-4o-mini","max_tokens":50,"messages":[{"role":"user","content":"Hello"}]}'
echo "# spend control: $( [ -n "${REDIS_URL:-}" ] && echo "Redis $REDIS_URL" || echo "in-process (H2)" ), ${SECS}s per run, $ROUNDS rounds"
echo "label concurrency requests errors req_per_s p50_ms p99_ms"
# load <label> <key> <concurrency> <seconds> → "label concurrency requests errors req_per_s p50_ms p99_ms"
load() {
  wrk_load "$URL" "$BODY" "$2" "$3" "$4" \
    | awk -v l="$1" -v c="$3" '{printf "%s %d %d %d %.0f %.3f %.3f\n", l, c, $1, $2, $1 / $3, $4, $5}'
}
echo "warming up ${WARMUP}s ..." >&2
for _ in 1 2 3; do
  load off "$OFF" 4 $(( WARMUP / 6 + 1 )) >/dev/null
  load on "$ON" 4 $(( WARMUP / 6 + 1 )) >/dev/null
done
for c in $CONCURRENCY; do
  for r in $(seq 1 "$ROUNDS"); do
    load off "$OFF" "$c" "$SECS" | tee -a "$OUT/runs.txt"
    load on "$ON" "$c" "$SECS" | tee -a "$OUT/runs.txt"
  done
done
echo "# medians over the rounds: req/s and p50 with limits and a budget (on) vs none (off)"
awk '{ k=$1" "$2; rps[k]=rps[k]" "$5; p50[k]=p50[k]" "$6 }
  function med(s,  a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
  END { for (k in rps) { split(k, x, " "); if (x[1] == "on") { off = "off " x[2];
    printf "concurrency %s: off %.0f req/s p50 %.2f ms | on %.0f req/s p50 %.2f ms | on/off req/s %.3f, p50 added %+.3f ms\n",
      x[2], med(rps[off]), med(p50[off]), med(rps[k]), med(p50[k]), med(rps[k]) / med(rps[off]), med(p50[k]) - med(p50[off]) } } }' "$OUT/runs.txt"
if grep -q '"code":"rate_limit_exceeded"\|insufficient_quota' "$OUT/gateway.log"; then echo "warning: refusals in the run" >&2; fi
