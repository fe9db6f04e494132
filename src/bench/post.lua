-- wrk script for src/bench/overhead.sh: POSTs $BODY (a GET when it is empty) with $KEY as bearer
-- token and prints one machine-readable line:
-- RESULT requests non_2xx_or_socket_errors seconds p50_ms p99_ms
local body = os.getenv("BODY") or ""
if body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("KEY") or "none")
wrk.headers["x-api-key"] = "bench"
wrk.headers["anthropic-version"] = "2023-06-01"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
