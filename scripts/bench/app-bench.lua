-- wrk script for scripts/bench/app.sh: one scenario per run, chosen by the first argument after `--`.
--   wrk ... -s app-bench.lua http://127.0.0.1:PORT -- read-id   FIRST_ID LAST_ID
--   wrk ... -s app-bench.lua http://127.0.0.1:PORT -- read-page PAGES
--   wrk ... -s app-bench.lua http://127.0.0.1:PORT -- create    BASE_EPOCH MEMBERS RESOURCES CONFLICT_EVERY BOOKED_EPOCH BOOKED_SLOTS
--   wrk ... -s app-bench.lua http://127.0.0.1:PORT -- request
-- create: every request books its own one-hour slot from BASE_EPOCH on (slot = thread + threads * n, so
-- no two requests overlap), except every CONFLICT_EVERY-th (0: none), which asks for a slot already
-- booked for member 1 and resource 1 (BOOKED_EPOCH + k h, k < BOOKED_SLOTS) and so must answer 409.
-- done() prints one machine-readable line: rps, p50/p95/p99 in ms, and the count of each status.
-- BENCH_RATE (requests per second over all threads; unset or 0: as fast as the connections go)
-- paces the requests: each thread sends at most rate/threads per second, evenly spaced, so the
-- latencies are those at that load rather than at saturation.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count - 1)
  table.insert(threads, thread)
end

-- thread state --------------------------------------------------------------
local scenario, a = nil, {}
local n = 0
statuses = {}
nthreads = 2

local function iso(epoch)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", epoch)
end

local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end
local interval_ms, next_ms = 0, 0

function init(args)
  local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
  if rate > 0 then interval_ms = 1000 * tonumber(os.getenv("BENCH_THREADS") or "2") / rate end
  scenario = args[1]
  for i = 2, #args do a[i - 1] = tonumber(args[i]) end
  math.randomseed(os.time() + (tid or 0) * 7919)
  nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
end

local names = { "Emma", "Noah", "Mia", "Liam" }

function request()
  n = n + 1
  if scenario == "read-id" then
    return wrk.format("GET", "/events/" .. math.random(a[1], a[2]))
  elseif scenario == "read-page" then
    return wrk.format("GET", "/events?page=" .. math.random(0, a[1] - 1) .. "&size=20")
  elseif scenario == "create" then
    local base, members, resources, every, booked, slots = a[1], a[2], a[3], a[4], a[5], a[6]
    local start, member, resource
    if every > 0 and n % every == 0 then
      start = booked + 3600 * math.random(0, slots - 1)
      member, resource = 1, 1
    else
      local slot = tid + nthreads * n
      start = base + 3600 * slot
      member, resource = 1 + slot % members, 1 + slot % resources
    end
    local body = string.format(
      '{"title":"Bench %d-%d","start":"%s","end":"%s","location":"Bench","participantIds":[%d],"resourceIds":[%d]}',
      tid, n, iso(start), iso(start + 1800), member, resource)
    return wrk.format("POST", "/events", { ["Content-Type"] = "application/json" }, body)
  elseif scenario == "request" then
    local body = string.format(
      '{"message":"Schedule bench practice %d-%d on December %d at 2pm for %s, 90 minutes"}',
      tid, n, 1 + n % 28, names[1 + n % #names])
    return wrk.format("POST", "/requests", { ["Content-Type"] = "application/json" }, body)
  end
  error("unknown scenario " .. tostring(scenario))
end

-- The next free slot of this thread's schedule; wrk waits that long before sending.
function delay()
  if interval_ms == 0 then return 0 end
  local now = now_ms()
  next_ms = math.max(now, next_ms + interval_ms)
  return math.floor(next_ms - now)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- main state ----------------------------------------------------------------
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do
      total[status] = (total[status] or 0) + count
    end
  end
  local codes = {}
  for status, count in pairs(total) do table.insert(codes, status .. ":" .. count) end
  table.sort(codes)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f statuses=%s socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, table.concat(codes, ","),
    errors.connect + errors.read + errors.write + errors.timeout))
end
