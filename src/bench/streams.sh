#!/usr/bin/env bash
# Many long streams at once: direct to a fake provider (the baseline) and through the gateway,
# in one run. Prints completed/cut streams, time to first byte and total time, and the gateway's
# CPU and peak RSS.
#   src/bench/streams.sh [streams=500] [events=10] [gap-ms=1000]
#   JAVA=$JDK25/bin/java src/bench/streams.sh 10000   # virtual threads
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-500}
EVENTS=${2:-10}
GAP=${3:-1000}
JAVA=${JAVA:-java}
FAKE_PORT=${FAKE_PORT:-18091}
GW_PORT=${GW_PORT:-18090}
MGMT_PORT=${MGMT_PORT:-18089}

mvn -q -B -DskipTests package
JAR=$(ls target/opengateway-*-exec.jar | head -n 1)
ulimit -n 65536 2>/dev/null || true

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }  # wait: the ports are free for a next run
trap cleanup EXIT

"$JAVA" -Devents="$EVENTS" -DgapMs="$GAP" -cp target/test-classes io.opengateway.bench.FakeProvider "$FAKE_PORT" &
pids+=($!)
"$JAVA" -jar "$JAR" --server.port="$GW_PORT" --management.server.port="$MGMT_PORT" \
  --spring.datasource.url="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" --opengateway.admin-token=bench-admin \
  --opengateway.providers.openai.base-url="http://127.0.0.1:$FAKE_PORT/v1" --opengateway.providers.openai.api-key=sk-bench \
  --opengateway.providers.anthropic.base-url="http://127.0.0.1:$FAKE_PORT" --opengateway.providers.anthropic.api-key=sk-bench \
  --opengateway.providers.google.base-url="http://127.0.0.1:$FAKE_PORT" --opengateway.providers.google.api-key=sk-bench \
  --logging.level.root=WARN > target/bench-gateway.log 2>&1 &
GW=$!
pids+=($GW)
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$MGMT_PORT/actuator/health" >/dev/null && break
  sleep 0.5
done
KEY=$(curl -sf "http://127.0.0.1:$GW_PORT/admin/keys" -H 'Authorization: Bearer bench-admin' \
  -H 'Content-Type: application/json' -d '{"account":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')

cpu() { awk '{print $14 + $15}' "/proc/$GW/stat"; }
load() { "$JAVA" -cp target/test-classes io.opengateway.bench.StreamLoad "$@"; }

# warm both JVMs up (class loading, JIT) so the figures are of a running gateway
load warmup "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$KEY" openai/gpt-4o-mini $(( N / 5 + 1 )) >/dev/null
echo "streams=$N events=$EVENTS gap=${GAP}ms java=$("$JAVA" -version 2>&1 | head -n 1)"
direct=$(load direct "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" none gpt-4o-mini "$N")
c0=$(cpu)
gateway=$(load gateway "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$KEY" openai/gpt-4o-mini "$N")
c1=$(cpu)
hz=$(getconf CLK_TCK)
rss=$(awk '/VmHWM/ {print $2}' "/proc/$GW/status")

printf '%-8s %7s %9s %5s %10s %10s %11s %11s\n' path streams complete cut ttfb_p50 ttfb_p99 total_p50 total_p99
for row in "$direct" "$gateway"; do
  read -r l n ok cut t50 t99 tt50 tt99 <<< "$row"
  printf '%-8s %7s %9s %5s %8sms %8sms %9sms %9sms\n' "$l" "$n" "$ok" "$cut" "$t50" "$t99" "$tt50" "$tt99"
done
read -r _ _ _ _ d50 _ dt50 _ <<< "$direct"
read -r _ _ _ _ g50 _ gt50 _ <<< "$gateway"
awk -v d="$d50" -v g="$g50" -v dt="$dt50" -v gt="$gt50" \
  'BEGIN { printf "added by the gateway: ttfb p50 %+.1f ms, total p50 %+.1f ms\n", g - d, gt - dt }'
awk -v c="$((c1 - c0))" -v hz="$hz" -v rss="$rss" \
  'BEGIN { printf "gateway: cpu %.1f s during its run, peak RSS %.0f MiB\n", c / hz, rss / 1024 }'
