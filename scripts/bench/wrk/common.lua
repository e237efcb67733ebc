-- Shared by every scenario script (loaded with dofile): sends the Authorization value (Basic
-- or Bearer) from BENCH_AUTHORIZATION, counts non-2xx responses (wrk itself only counts 4xx and 5xx), and
-- prints the run's figures as one JSON line prefixed with BENCH_RESULT for scripts/bench.

wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")

-- Globals of each thread's own Lua state; done() reads them through the thread objects.
non_2xx = 0
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_index", #threads)
end

function response(status)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
   end
end

-- The lines of a file of trip ids, for scenarios that pick a random trip per request; each
-- thread seeds its own generator so that threads do not walk the same sequence.
function load_ids(path)
   math.randomseed(os.time() * 1000 + thread_index)
   local ids = {}
   for line in io.lines(path) do
      if line ~= "" then table.insert(ids, line) end
   end
   assert(#ids > 0, "no ids in " .. path)
   return ids
end

function random_element(list)
   return list[math.random(#list)]
end

function done(summary, latency)
   local total_non_2xx = 0
   for _, thread in ipairs(threads) do
      total_non_2xx = total_non_2xx + thread:get("non_2xx")
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, ' ..
      '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
      '"p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
      summary.requests, summary.duration, total_non_2xx,
      errors.connect, errors.read, errors.write, errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
