-- wrk's script for the load test (tests/tests/load.rs): each connection walks a list of
-- requests as RA officers, managers and auditors make them — pages and server-function
-- calls, each with its person's session cookie — and the summary is printed as one line
-- of key=value pairs the test reads. The list comes from the file in LOAD_MIX: one
-- request a line, "METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY".

local requests = {}
local origin = os.getenv("LOAD_ORIGIN")

local function load_mix()
  for line in io.lines(os.getenv("LOAD_MIX")) do
    local method, path, cookie, body = line:match("^(%S+)\t([^\t]+)\t([^\t]*)\t?(.*)$")
    local headers = { ["Cookie"] = cookie, ["Accept"] = "text/html,application/json" }
    if method == "POST" then
      headers["Origin"] = origin
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    end
    requests[#requests + 1] = wrk.format(method, path, headers, body ~= "" and body or nil)
  end
end

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[#threads + 1] = thread
end

function init(args)
  load_mix()
  -- Threads start at different places, so the mix is spread from the first second.
  n = #requests > 0 and (id * 7) % #requests or 0
  errors = 0
end

function request()
  -- No list (the ceiling's run): the URL given on the command line.
  if #requests == 0 then
    return wrk.format()
  end
  n = n % #requests + 1
  return requests[n]
end

function response(status, headers, body)
  if status >= 400 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local http_errors = 0
  for _, t in ipairs(threads) do
    http_errors = http_errors + t:get("errors")
  end
  local e = summary.errors
  io.write(string.format(
    "LOAD requests=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f http_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, http_errors,
    e.connect + e.read + e.write + e.timeout))
end
