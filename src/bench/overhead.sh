#!/usr/bin/env bash
# The gateway's overhead, in one run, against one fast fake provider that speaks all three
# dialects (io.opengateway.bench.FakeProvider): wrk straight to the fake (the limit) and through
# the gateway on the OpenAI path and the Anthropic and Gemini translation paths, at each
# concurrency; then N concurrent streams direct and through the gateway (time to first content
# and total). Prints one table with requests/s, p50/p99, the gateway's share of the direct rate,
# the latency it adds, its CPU (in cores) and RSS; and its start-up time and idle RSS.
#   src/bench/overhead.sh [seconds per run=10]
#   CONCURRENCY="1 32 128" STREAMS="100 1000" EVENTS=10 GAP_MS=100 WARMUP=240 src/bench/overhead.sh
#   JAVA=$JDK25/bin/java STREAMS=10000 CONCURRENCY= src/bench/overhead.sh
#   JAR=other.jar SKIP_BUILD=1 src/bench/overhead.sh      (an earlier build, for a before/after)
#   DIALECTS="openai messages openai messages" STREAMS= src/bench/overhead.sh   (only those rows, in
#   that order; a name twice measures it twice, interleaved: on a busy machine compare the pairs)
# The "messages" row is Anthropic's Messages API in front of an anthropic model (the pass-through:
# POST /v1/messages), against the same direct Anthropic call as the anthropic row; compare its CPU
# per request with the openai row's (Chat Completions' pass-through).
# Each concurrency also gets a "floor" row: GET /v1/models through the same gateway (Tomcat, the
# servlet filters, platform-http, one Camel route; no key check, upstream call, billing or request log) vs
# the same direct OpenAI call: the share the web stack itself leaves. An "engine" row runs the same
# GET against Camel alone on Platform HTTP's Vert.x engine (src/bench/engine-floor, built here; the
# gateway's catalog answer as fixed bytes, no gateway work; its own cpu and RSS): the share a Camel
# route on that engine leaves.
# The gateway runs as shipped (billing on, H2 file, request log at INFO to a file), started by
# bin/opengateway with the shipped JVM options (bin/jvm.options; JAVA_OPTS adds to them). Needs wrk
# (Debian: apt-get install wrk). SKIP_BUILD=1 reuses target/ (0, or unset, builds).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/bench/common.sh
SECS=${1:-10}
CONCURRENCY=${CONCURRENCY-1 32 128}
DIALECTS=${DIALECTS-openai anthropic messages gemini floor engine}   # floor, engine: vs the openai row before them
STREAMS=${STREAMS-1x20 100 1000}   # N concurrent streams; NxR: R rounds of N, one after the other
EVENTS=${EVENTS:-10}
GAP_MS=${GAP_MS:-100}
WARMUP=${WARMUP:-240}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
FAKE_PORT=${FAKE_PORT:-18091}
GW_PORT=${GW_PORT:-18090}
MGMT_PORT=${MGMT_PORT:-18089}
ENGINE_PORT=${ENGINE_PORT:-18092}
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }

case ${SKIP_BUILD:-0} in
  0 | false | no) mvn -q -B -DskipTests package ;;
esac
JAR=${JAR:-$(ls target/opengateway-*-exec.jar | head -n 1)}
OUT=target/bench
rm -rf "$OUT" && mkdir -p "$OUT/data"
ulimit -n 65536 2>/dev/null || true

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }  # wait: the ports are free for a next run
trap cleanup EXIT

"$JAVA" -Devents="$EVENTS" -DgapMs="$GAP_MS" -cp target/test-classes io.opengateway.bench.FakeProvider "$FAKE_PORT" \
  > "$OUT/fake.log" 2>&1 &
FAKE=$!
pids+=($FAKE)
# the port may still be held by an earlier run's fake for a moment: wait for this one to answer
started "$FAKE" "the fake provider" "$OUT/fake.log" "http://127.0.0.1:$FAKE_PORT/"

t0=$(date +%s%N)
JAVA="$JAVA" JAVA_OPTS="$JAVA_OPTS" JAR="$JAR" bin/opengateway --server.port="$GW_PORT" --management.server.port="$MGMT_PORT" \
  --spring.datasource.url="jdbc:h2:file:./$OUT/data/gateway;DB_CLOSE_ON_EXIT=FALSE" \
  --opengateway.billing.spool-dir="$OUT/data/spool" --opengateway.admin-token=bench-admin \
  --opengateway.providers.openai.base-url="http://127.0.0.1:$FAKE_PORT/v1" --opengateway.providers.openai.api-key=sk-bench \
  --opengateway.providers.anthropic.base-url="http://127.0.0.1:$FAKE_PORT" --opengateway.providers.anthropic.api-key=sk-bench \
  --opengateway.providers.google.base-url="http://127.0.0.1:$FAKE_PORT" --opengateway.providers.google.api-key=sk-bench \
  > "$OUT/gateway.log" 2>&1 &
GW=$!
pids+=($GW)
started "$GW" "the gateway" "$OUT/gateway.log" -f "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness"
startup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
ENGINE=
if [[ " $DIALECTS " == *" engine "* ]]; then
  curl -sf "http://127.0.0.1:$GW_PORT/v1/models" -o "$OUT/models.json"   # the same bytes as the floor row's
  camel=$(sed -n 's:.*<camel.version>\(.*\)</camel.version>.*:\1:p' pom.xml | head -n 1)
  mvn -q -B -f src/bench/engine-floor/pom.xml -Dcamel.version="$camel" package dependency:copy-dependencies
  "$JAVA" -Xmx256m -cp "src/bench/engine-floor/target/engine-floor-1.jar:src/bench/engine-floor/target/dependency/*" \
    io.opengateway.bench.floor.VertxFloor "$ENGINE_PORT" "$OUT/models.json" > "$OUT/engine.log" 2>&1 &
  ENGINE=$!
  pids+=($ENGINE)
  started "$ENGINE" "the engine floor" "$OUT/engine.log" -f "http://127.0.0.1:$ENGINE_PORT/v1/models"
fi
idle_rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$GW/status")
KEY=$(curl -sf "http://127.0.0.1:$GW_PORT/admin/keys" -H 'Authorization: Bearer bench-admin' \
  -H 'Content-Type: application/json' -d '{"account":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')

MSG='"messages":[{"role":"user","content":"Hello"}]'
# dialect → direct URL and body, gateway model
declare -A DIRECT_URL=(
  [openai]="http://127.0.0.1:$FAKE_PORT/v1/chat/completions"
  [anthropic]="http://127.0.0.1:$FAKE_PORT/v1/messages"
  [messages]="http://127.0.0.1:$FAKE_PORT/v1/messages"
  [gemini]="http://127.0.0.1:$FAKE_PORT/v1beta/models/gemini-3.8-flash:generateContent")
declare -A DIRECT_BODY=(
  [openai]="{\"model\":\"gpt-4o-mini\",$MSG}"
  [anthropic]="{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1024,$MSG}"
  [messages]="{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1024,$MSG}"
  [gemini]='{"contents":[{"role":"user","parts":[{"text":"Hello"}]}]}')
declare -A MODEL=([openai]=openai/gpt-4o-mini [anthropic]=anthropic/claude-haiku-4-5 [gemini]=google/gemini-3.8-flash)
GW_URL="http://127.0.0.1:$GW_PORT/v1/chat/completions"

cpu_ticks() { awk '{print $14 + $15}' "/proc/${1:-$GW}/stat"; }
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/${1:-$GW}/status"; }
HZ=$(getconf CLK_TCK)

# On 2 cores HotSpot needs minutes to compile this much code (Spring, Camel, Tomcat, H2, Jackson),
# and under full load its compiler threads starve: warm up at a moderate concurrency, in rounds.
echo "warming up ${WARMUP}s ..." >&2
for _ in 1 2 3; do
  for d in openai anthropic gemini; do
    wrk_load "$GW_URL" "{\"model\":\"${MODEL[$d]}\",$MSG}" "$KEY" 8 $(( WARMUP / 12 + 1 )) >/dev/null
  done
  wrk_load "http://127.0.0.1:$GW_PORT/v1/messages" "${DIRECT_BODY[messages]}" "$KEY" 8 $(( WARMUP / 12 + 1 )) >/dev/null
  [ -z "$ENGINE" ] || wrk_load "http://127.0.0.1:$ENGINE_PORT/v1/models" "" none 8 $(( WARMUP / 24 + 1 )) >/dev/null
done

rows=()
for c in $CONCURRENCY; do
  for d in $DIALECTS; do
    pid=$GW
    if [ "$d" = floor ] || [ "$d" = engine ]; then
      # compared with the direct OpenAI call measured for the openai row just before
      read -r dn de ds d50 d99 <<< "$openai_direct"
      url="http://127.0.0.1:$GW_PORT/v1/models" body=""
      [ "$d" = floor ] || { url="http://127.0.0.1:$ENGINE_PORT/v1/models"; pid=$ENGINE; }
    else
      read -r dn de ds d50 d99 <<< "$(wrk_load "${DIRECT_URL[$d]}" "${DIRECT_BODY[$d]}" none "$c" "$SECS")"
      [ "$d" != openai ] || openai_direct="$dn $de $ds $d50 $d99"
      if [ "$d" = messages ]; then  # the same body as the direct call, bare model name and all
        url="http://127.0.0.1:$GW_PORT/v1/messages" body="${DIRECT_BODY[messages]}"
      else
        url=$GW_URL body="{\"model\":\"${MODEL[$d]}\",$MSG}"
      fi
    fi
    c0=$(cpu_ticks "$pid")
    read -r gn ge gs g50 g99 <<< "$(wrk_load "$url" "$body" "$KEY" "$c" "$SECS")"
    c1=$(cpu_ticks "$pid")
    rows+=("$(awk -v d="$d" -v c="$c" -v dn="$dn" -v ds="$ds" -v d50="$d50" -v d99="$d99" -v de="$de" \
      -v gn="$gn" -v gs="$gs" -v g50="$g50" -v g99="$g99" -v ge="$ge" -v cpu=$((c1 - c0)) -v hz="$HZ" -v rss="$(rss_mib "$pid")" \
      'BEGIN { dr = dn / ds; gr = gn / gs;
               printf "%-9s %5s %9.0f %9.0f %6.3f %8.2f %8.2f %8.2f %8.2f %+8.2f %+8.2f %6d %5.2f %7.3f %6d\n",
                 d, c, dr, gr, gr / dr, d50, d99, g50, g99, g50 - d50, g99 - d99, ge + de, cpu / hz / gs,
                 1000 * cpu / hz / gn, rss }')")
  done
done

srows=()
for spec in $STREAMS; do
  n=${spec%x*}; rounds=1
  [ "$spec" = "$n" ] || rounds=${spec#*x}
  direct=$("$JAVA" -cp target/test-classes io.opengateway.bench.StreamLoad direct "${DIRECT_URL[openai]}" none gpt-4o-mini "$n" "$rounds")
  c0=$(cpu_ticks); s0=$(date +%s%N)
  gateway=$("$JAVA" -cp target/test-classes io.opengateway.bench.StreamLoad gateway "$GW_URL" "$KEY" openai/gpt-4o-mini "$n" "$rounds")
  c1=$(cpu_ticks); s1=$(date +%s%N)
  read -r _ _ dok dcut dt50 dt99 dtt50 dtt99 <<< "$direct"
  read -r _ _ gok gcut gt50 gt99 gtt50 gtt99 <<< "$gateway"
  srows+=("$(awk -v n="$spec" -v dok="$dok" -v gok="$gok" -v gcut="$gcut" -v dcut="$dcut" -v dt50="$dt50" -v gt50="$gt50" \
    -v dt99="$dt99" -v gt99="$gt99" -v dtt50="$dtt50" -v gtt50="$gtt50" -v gtt99="$gtt99" -v dtt99="$dtt99" \
    -v cpu=$((c1 - c0)) -v hz="$HZ" -v secs="$(( (s1 - s0) / 1000000 ))" -v rss="$(rss_mib)" \
    'BEGIN { printf "%7s %6s/%-6s %4s/%-4s %8.1f %8.1f %+8.1f %+8.1f %9.1f %9.1f %+8.1f %5.2f %6d\n",
               n, dok, gok, dcut, gcut, dt50, gt50, gt50 - dt50, gt99 - dt99, dtt50, gtt50, gtt50 - dtt50,
               cpu / hz / (secs / 1000), rss }')")
done

echo
echo "opengateway overhead  $(date -u +%Y-%m-%dT%H:%MZ)  java: $("$JAVA" -version 2>&1 | head -n 1)  bin/jvm.options $JAVA_OPTS"
echo "start-up to ready: ${startup_ms} ms   idle RSS: ${idle_rss} MiB   runs: ${SECS}s each, warm-up ${WARMUP}s"
if [ ${#rows[@]} -gt 0 ]; then
  echo
  printf '%-9s %5s %9s %9s %6s %8s %8s %8s %8s %8s %8s %6s %5s %7s %6s\n' dialect conc direct/s gateway/s share \
    d_p50ms d_p99ms g_p50ms g_p99ms +p50ms +p99ms errors cpu ms/req rssMiB
  printf '%s\n' "${rows[@]}"
fi
if [ ${#srows[@]} -gt 0 ]; then
  echo
  echo "streams: $EVENTS events ${GAP_MS} ms apart (first content = time to first token; direct/gateway)"
  printf '%7s %13s %9s %8s %8s %8s %8s %9s %9s %8s %5s %6s\n' streams complete cut d_ttft g_ttft +p50ms +p99ms \
    d_total g_total +total cpu rssMiB
  printf '%s\n' "${srows[@]}"
fi
echo
echo "floor = GET /v1/models through the gateway (no key check, upstream call, billing or request log) vs the direct OpenAI call"
echo "engine = the same GET against a Camel route alone on Platform HTTP's Vert.x engine (src/bench/engine-floor; its cpu and RSS)"
echo "share = gateway req/s ÷ direct req/s; +p50/+p99 = latency the gateway adds; cpu = gateway cores busy, ms/req = its CPU time per request; errors = non-2xx or socket errors (direct+gateway)"
echo "gateway peak RSS: $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$GW/status") MiB"
