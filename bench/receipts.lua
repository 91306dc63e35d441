-- wrk script: posts one-line receipts at WH-01, a random demo part each (part numbers
-- one a line in the file named by BENCH_PARTS), each with its own Idempotency-Key
-- (prefixed by BENCH_RUN); prints one machine-readable line at the end:
-- WRK requests duration_us p50_us p99_us non_2xx socket_errors
local parts = {}
for line in io.lines(os.getenv("BENCH_PARTS")) do
  if line ~= "" then table.insert(parts, line) end
end
local run = os.getenv("BENCH_RUN") or "run"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tid * 7919 + os.time())
end

function request()
  counter = counter + 1
  local part = parts[math.random(#parts)]
  local body = '{"location":"WH-01","lines":[{"part_no":"' .. part .. '","qty":1,"unit_cost_fen":32000}]}'
  return wrk.format("POST", "/api/v1/stock/receipts", {
    ["Authorization"] = "Bearer demo-clerk",
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. tid .. "-" .. counter,
  }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
