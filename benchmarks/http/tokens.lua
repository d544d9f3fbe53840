-- wrk script for benchmarks/http-bench.sh: every request carries the next token of the pool
-- (TOKENS names the file, one token a line), so 200 tokens repeat as users' sessions do.
-- done() prints one RESULT line: requests/s, p50 and p99 latency in microseconds, and errors.
local tokens = {}
local next_token = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    if #line > 0 then tokens[#tokens + 1] = "Bearer " .. line end
  end
  if #tokens == 0 then error("no tokens in " .. os.getenv("TOKENS")) end
end

function request()
  next_token = next_token % #tokens + 1
  return wrk.format("GET", wrk.path, { ["Authorization"] = tokens[next_token] })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d socket_errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
