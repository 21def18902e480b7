-- wrk script: posts pre-signed refund callbacks (one per line: timestamp TAB signature TAB body),
-- each thread taking every Nth line so no two threads send the same request_id at once.
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

function init(args)
  requests = {}
  for line in io.lines(os.getenv("TIKIVIP_REQUESTS")) do
    local timestamp, signature, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    requests[#requests + 1] = { timestamp, signature, body }
  end
  stride = tonumber(os.getenv("TIKIVIP_THREADS"))
  position = thread_index
  client_id = os.getenv("TIKIVIP_CLIENT_ID")
end

function request()
  local r = requests[(position % #requests) + 1]
  position = position + stride
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Tikivip-Timestamp"] = r[1],
    ["X-Tikivip-Client-Id"] = client_id,
    ["X-Tikivip-Signature"] = r[2],
  }, r[3])
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("non-2xx: %d\n", non2xx))
end
