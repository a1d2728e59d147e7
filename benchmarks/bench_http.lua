-- wrk script of benchmarks/bench_http.py: which addresses to ask for, and what came back.
--
-- BENCH_PATHS (a file, one path per line) lists the addresses; each thread takes them in turn.
-- BENCH_UNIQUE=1 adds `visit=<run>-<thread>-<n>` to every request: an address never asked before, so
-- the page cache has no copy of it (a first visit); otherwise the same addresses are repeated.
-- Every answer's status and X-Page-Cache header are counted, and printed as one JSON line.

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  table.insert(paths, line)
end
local unique = os.getenv("BENCH_UNIQUE") == "1"
-- Differs from run to run, so that no run asks for an address an earlier run stored.
local run = tostring(os.time()) .. tostring(math.random(1000000))
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  n = 0
  hits, misses, uncached, not_ok = 0, 0, 0, 0
end

function request()
  n = n + 1
  local path = paths[(n + id) % #paths + 1]
  if unique then
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "visit=" .. run .. "-" .. id .. "-" .. n
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
  local cached = headers["X-Page-Cache"]
  if cached == "hit" then
    hits = hits + 1
  elseif cached == "miss" then
    misses = misses + 1
  else
    uncached = uncached + 1
  end
end

function done(summary, latency, requests)
  local totals = {hits = 0, misses = 0, uncached = 0, not_ok = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + thread:get(key)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"hits": %d, "misses": %d, "uncached": %d, "not_ok": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), totals.hits, totals.misses, totals.uncached, totals.not_ok,
    errors.connect + errors.read + errors.write + errors.timeout))
end
