#!/usr/bin/env bash
# What one failed attempt costs: the same request served directly vs served after its first model
# failed (Anthropic answers 529, OpenAI serves), through the gateway, against one fast fake
# provider, in one run. Prints requests/s and latency for each and the added p50 latency.
#   src/bench/failover.sh [seconds=15] [concurrency=1]      (WARMUP=120: seconds of warm-up per path)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-15}
C=${2:-1}
JAVA=${JAVA:-java}
FAKE_PORT=${FAKE_PORT:-18091}
GW_PORT=${GW_PORT:-18090}
MGMT_PORT=${MGMT_PORT:-18089}

mvn -q -B -DskipTests package
JAR=$(ls target/opengateway-*-exec.jar | head -n 1)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }  # wait: the ports are free for a next run
trap cleanup EXIT

"$JAVA" -Dfail=anthropic -cp target/test-classes io.opengateway.bench.FakeProvider "$FAKE_PORT" >/dev/null &
pids+=($!)
# the breaker would soon skip the always-failing provider: keep it closed to measure a real failure
"$JAVA" -jar "$JAR" --server.port="$GW_PORT" --management.server.port="$MGMT_PORT" \
  --spring.datasource.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" --opengateway.admin-token=bench-admin \
  --opengateway.providers.openai.base-url="http://127.0.0.1:$FAKE_PORT/v1" --opengateway.providers.openai.api-key=sk-bench \
  --opengateway.providers.anthropic.base-url="http://127.0.0.1:$FAKE_PORT" --opengateway.providers.anthropic.api-key=sk-bench \
  --opengateway.providers.anthropic.circuit-breaker.minimum-calls=1000000000 \
  --logging.level.root=WARN > target/bench-gateway.log 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$MGMT_PORT/actuator/health" >/dev/null && break
  sleep 0.5
done
KEY=$(curl -sf "http://127.0.0.1:$GW_PORT/admin/keys" -H 'Authorization: Bearer bench-admin' \
  -H 'Content-Type: application/json' -d '{"account":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
load() { "$JAVA" -cp target/test-classes io.opengateway.bench.RequestLoad "$@"; }
MSG='"messages":[{"role":"user","content":"Hello"}]'

# HotSpot needs minutes on two cores to compile the gateway's hot code: without a warm-up of
# both paths the later run looks faster only because it ran later (WARMUP seconds each, default 120)
SERVED_BODY="{\"model\":\"openai/gpt-4o-mini\",$MSG}"
FAILOVER_BODY="{\"model\":\"anthropic/claude-haiku-4-5\",\"models\":[\"openai/gpt-4o-mini\"],$MSG}"
for _ in 1 2; do
  load warm "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$KEY" "$SERVED_BODY" 4 $(( ${WARMUP:-120} / 4 )) 0 >/dev/null
  load warm "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$KEY" "$FAILOVER_BODY" 4 $(( ${WARMUP:-120} / 4 )) 0 >/dev/null
done
direct=$(load direct "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" none "{\"model\":\"gpt-4o-mini\",$MSG}" "$C" "$SECONDS_PER_RUN")
served=$(load served "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$KEY" "{\"model\":\"openai/gpt-4o-mini\",$MSG}" "$C" "$SECONDS_PER_RUN")
failover=$(load failover "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$KEY" \
  "{\"model\":\"anthropic/claude-haiku-4-5\",\"models\":[\"openai/gpt-4o-mini\"],$MSG}" "$C" "$SECONDS_PER_RUN")

printf '%-9s %5s %9s %6s %8s %9s %9s\n' path conc requests errors req/s p50 p99
for row in "$direct" "$served" "$failover"; do
  read -r l c n e rps p50 p99 <<< "$row"
  printf '%-9s %5s %9s %6s %8s %7sms %7sms\n' "$l" "$c" "$n" "$e" "$rps" "$p50" "$p99"
done
read -r _ _ _ _ _ d50 _ <<< "$direct"
read -r _ _ _ _ _ s50 _ <<< "$served"
read -r _ _ _ _ _ f50 _ <<< "$failover"
awk -v d="$d50" -v s="$s50" -v f="$f50" 'BEGIN {
  printf "gateway adds %.2f ms p50 to a direct success; one failed attempt adds %.2f ms p50 more\n", s - d, f - s }'
