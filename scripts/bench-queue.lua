-- wrk: a unit reviewer's queue pages, signed in ($COOKIE), over $PATHS (one path per line).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local cookie, i = os.getenv("COOKIE"), 0

request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Cookie"] = cookie })
end

done = function(summary, latency, requests)
  local p95 = latency:percentile(95) / 1000
  io.write(string.format("wrk: %d queue pages, %d not 200; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; ratio of p95 to the 50 ms target = %.2f\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, p95, latency:percentile(99) / 1000, p95 / 50))
end
