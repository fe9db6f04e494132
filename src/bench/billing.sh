#!/usr/bin/env bash
# What billing costs: the same closed-loop load against two gateways in one run, one billing
# (journal synced to disk, H2 file database) and one with opengateway.billing.enabled=false.
# Rounds alternate (on, off, on, off, ...) so drift and noise hit both alike; prints req/s and the
# gateway's CPU time per request for each round, and the means of each side. On a shared machine
# the CPU per request is the steadier figure: it does not depend on what else runs.
#   src/bench/billing.sh [clients=32] [seconds=20] [rounds=3] [stream=false]
#   WARMUP=60 GATEWAY_ARGS="--camel.metrics.enable-exchange-event-notifier=false" src/bench/billing.sh
#   PG_URL=jdbc:postgresql://127.0.0.1:5432/test PG_USER=postgres src/bench/billing.sh   # PostgreSQL, a schema per side
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${1:-32}
SECONDS_PER_ROUND=${2:-20}
ROUNDS=${3:-3}
STREAM=${4:-false}
JAVA=${JAVA:-java}
FAKE_PORT=${FAKE_PORT:-18191}
ON_PORT=${ON_PORT:-18192}
OFF_PORT=${OFF_PORT:-18194}

[ -n "${SKIP_BUILD:-}" ] || mvn -q -B -DskipTests package
JAR=$(ls target/opengateway-*-exec.jar | head -n 1)
WORK=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
  if [ -n "${PG_URL:-}" ] && command -v psql >/dev/null; then
    sleep 2
    for port in "$ON_PORT" "$OFF_PORT"; do
      PGPASSWORD="${PG_PASSWORD:-}" psql -q "${PG_URL#jdbc:}" -U "${PG_USER:-postgres}" \
        -c "DROP SCHEMA IF EXISTS bench_billing_${port}_$$ CASCADE" >/dev/null 2>&1 || true
    done
  fi
}
trap cleanup EXIT

"$JAVA" -Devents=10 -DgapMs=0 -cp target/test-classes io.opengateway.bench.FakeProvider "$FAKE_PORT" >/dev/null &
pids+=($!)
declare -A GW_PID
database() { # port: the datasource arguments of that side
  if [ -n "${PG_URL:-}" ]; then
    local schema="bench_billing_$1_$$"
    echo "--spring.datasource.url=$PG_URL?currentSchema=$schema --spring.flyway.schemas=$schema" \
      "--spring.datasource.username=${PG_USER:-postgres} --spring.datasource.password=${PG_PASSWORD:-}"
  else
    echo "--spring.datasource.url=jdbc:h2:file:$WORK/db-$1"
  fi
}
gateway() { # port billing-enabled
  # shellcheck disable=SC2046
  "$JAVA" -jar "$JAR" --server.port="$1" --management.server.port=$(( $1 + 1 )) \
    $(database "$1") --opengateway.billing.spool-dir="$WORK/spool-$1" \
    --opengateway.billing.enabled="$2" --opengateway.admin-token=bench-admin \
    --opengateway.providers.openai.base-url="http://127.0.0.1:$FAKE_PORT/v1" --opengateway.providers.openai.api-key=sk-bench \
    --logging.level.root=WARN ${GATEWAY_ARGS:-} > "target/bench-billing-$1.log" 2>&1 &
  pids+=($!)
  GW_PID[$1]=$!
}
gateway "$ON_PORT" true
gateway "$OFF_PORT" false
key() {
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/v1/models" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$1/admin/keys" -H 'Authorization: Bearer bench-admin' \
    -H 'Content-Type: application/json' -d '{"account":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/'
}
ON_KEY=$(key "$ON_PORT")
OFF_KEY=$(key "$OFF_PORT")
load() { "$JAVA" -cp target/test-classes io.opengateway.bench.RequestLoad "$@"; }
url() { echo "http://127.0.0.1:$1/v1/chat/completions"; }
BODY="{\"model\":\"openai/gpt-4o-mini\",\"stream\":$STREAM,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}"

# warm both JVMs up (class loading, JIT)
load warmup "$(url "$ON_PORT")" "$ON_KEY" "$BODY" "$CLIENTS" "${WARMUP:-30}" 0 >/dev/null
load warmup "$(url "$OFF_PORT")" "$OFF_KEY" "$BODY" "$CLIENTS" "${WARMUP:-30}" 0 >/dev/null

echo "clients=$CLIENTS seconds=$SECONDS_PER_ROUND rounds=$ROUNDS stream=$STREAM java=$("$JAVA" -version 2>&1 | head -n 1)"
cpu() { awk '{print $14 + $15}' "/proc/${GW_PID[$1]}/stat"; }
hz=$(getconf CLK_TCK)
printf '%-12s %8s %7s %9s %8s %8s %12s\n' side done failed req_per_s p50_ms p99_ms cpu_ms_per_req
results=()
for r in $(seq 1 "$ROUNDS"); do
  for side in on off; do
    port=$ON_PORT; k=$ON_KEY
    [ "$side" = off ] && { port=$OFF_PORT; k=$OFF_KEY; }
    c0=$(cpu "$port")
    row=$(load "billing-$side" "$(url "$port")" "$k" "$BODY" "$CLIENTS" "$SECONDS_PER_ROUND" 0)
    c1=$(cpu "$port")
    read -r l _ d f rps p50 p99 <<< "$row"
    ms=$(awk -v c=$((c1 - c0)) -v hz="$hz" -v d="$d" 'BEGIN { printf "%.2f", c / hz * 1000 / (d > 0 ? d : 1) }')
    printf '%-12s %8s %7s %9s %8s %8s %12s\n' "$l" "$d" "$f" "$rps" "$p50" "$p99" "$ms"
    results+=("$side $rps $ms")
  done
done
printf '%s\n' "${results[@]}" | awk '{ s[$1] += $2; m[$1] += $3; n[$1]++ } END {
  on = s["on"] / n["on"]; off = s["off"] / n["off"]; mon = m["on"] / n["on"]; moff = m["off"] / n["off"];
  printf "mean req/s: billing on %.1f, billing off %.1f (%+.1f%%)\n", on, off, (on - off) / off * 100;
  printf "mean gateway CPU per request: billing on %.2f ms, billing off %.2f ms (%+.1f%%)\n", mon, moff, (mon - moff) / moff * 100 }'
records=$(curl -sf "http://127.0.0.1:$ON_PORT/admin/usage?account=bench&limit=1" -H 'Authorization: Bearer bench-admin' \
  | sed 's/.*"requests":\([0-9]*\).*/\1/')
echo "billing-on gateway holds $records records"
