-- wrk: each request submits the next prepared applicant (cookie and CSRF token from $APPLICANTS).
local lines = {}
for line in io.lines(os.getenv("APPLICANTS")) do lines[#lines + 1] = line end
local i, refused = 0, 0

request = function()
  i = i + 1
  local cookie, csrf = lines[math.min(i, #lines)]:match("([^\t]+)\t([^\t]+)")
  return wrk.format("POST", "/apply/submit",
    { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" },
    "pledge=yes&csrf=" .. csrf)
end

response = function(status, headers, body)
  if status ~= 303 then refused = refused + 1 end
  if i >= #lines then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  local p95 = latency:percentile(95) / 1000
  io.write(string.format("wrk: %d submissions, %d not 303; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; ratio of p95 to the 20 ms target = %.2f\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, p95, latency:percentile(99) / 1000, p95 / 20))
end
