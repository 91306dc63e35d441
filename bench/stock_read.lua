-- wrk script: reads one part's stock across locations, GET /api/v1/stock?part=PART_NO,
-- a random demo part per request (part numbers one a line in the file named by
-- BENCH_PARTS), with the token in BENCH_TOKEN (default demo-finance, who sees every
-- location); prints one machine-readable line at the end:
-- WRK requests duration_us p50_us p99_us non_2xx socket_errors
local token = os.getenv("BENCH_TOKEN") or "demo-finance"
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local requests = {}
for line in io.lines(os.getenv("BENCH_PARTS")) do
  if line ~= "" then
    table.insert(requests, wrk.format("GET", "/api/v1/stock?part=" .. encode(line), {
      ["Authorization"] = "Bearer " .. token,
    }))
  end
end
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tid * 7919 + os.time())
end

function request()
  return requests[math.random(#requests)]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
