-- wrk script for tests/bench_http.py: requests the paths given after `--` in turn (one path for a
-- page's own run, several for the soak), and counts the answers by status and by X-Page-Cache.
-- Prints "status <code> <count>" and "page-cache <hit|miss|none> <count>" lines when done.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  if #paths == 0 then
    table.insert(paths, wrk.path)
  end
  counter = 0
  statuses = {}
  cache_states = {}
end

function request()
  counter = counter + 1
  return wrk.format(nil, paths[(counter - 1) % #paths + 1])
end

function response(status, headers, body)
  local code = tostring(status)
  statuses[code] = (statuses[code] or 0) + 1
  local state = headers["X-Page-Cache"] or "none"
  cache_states[state] = (cache_states[state] or 0) + 1
end

local function add(totals, counts)
  for key, count in pairs(counts) do
    totals[key] = (totals[key] or 0) + count
  end
end

function done(summary, latency, requests)
  local status_totals, cache_totals = {}, {}
  for _, thread in ipairs(threads) do
    add(status_totals, thread:get("statuses"))
    add(cache_totals, thread:get("cache_states"))
  end
  for code, count in pairs(status_totals) do
    io.write(string.format("status %s %d\n", code, count))
  end
  for state, count in pairs(cache_totals) do
    io.write(string.format("page-cache %s %d\n", state, count))
  end
end
