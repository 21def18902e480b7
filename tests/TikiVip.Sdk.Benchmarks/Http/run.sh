#!/usr/bin/env bash
# Requests/s of MapTikiVipRefunds against the bare floor (a minimal-API endpoint that reads the body and writes the
# same JSON answer), over loopback only, with wrk (Debian's package), in alternating rounds: each round starts a
# fresh server (so the refund endpoint's in-memory store starts empty and every request id is new), warms it up,
# then measures the floor and the SDK back to back. Prints every round, then the median and range of the ratio.
#   ROUNDS=6 DURATION=10s LOGGING=off|template CONNECTIONS=32 THREADS=1
set -euo pipefail
cd "$(dirname "$0")/../../.."

if ! command -v wrk >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

rounds=${ROUNDS:-6}
duration=${DURATION:-10s}
logging=${LOGGING:-off}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
requests=${REQUESTS:-800000}
port=${PORT:-5099}
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
dotnet build -c Release tests/TikiVip.Sdk.Benchmarks >/dev/null
bin="dotnet tests/TikiVip.Sdk.Benchmarks/bin/Release/net10.0/TikiVip.Sdk.Benchmarks.dll"

export TIKIVIP_CLIENT_ID=RLCKb7Ae9kx4DXtXsCWjnDXtggFnM43W TIKIVIP_THREADS=$threads
measure() { # name path requests-file seconds -> requests/s; also checks the file was not exhausted
  TIKIVIP_REQUESTS=$3 wrk -t"$threads" -c"$connections" -d"$4" -s tests/TikiVip.Sdk.Benchmarks/Http/refund.lua "http://127.0.0.1:$port$2" > "$work/$1.txt"
  local sent
  sent=$(awk '/requests in/ { print $1 }' "$work/$1.txt")
  if [ "$2" != /bare ] && [ "$sent" -gt "$requests" ]; then echo "warning: $1 sent $sent requests, more than the $requests distinct ones" >&2; fi
  if grep -q "^non-2xx: [1-9]" "$work/$1.txt"; then echo "error: $1: $(grep non-2xx "$work/$1.txt")" >&2; exit 1; fi
  awk '/Requests\/sec/ { print $2 }' "$work/$1.txt"
}

# Signed now, so every round runs within the endpoint's 5-minute timestamp window.
$bin --write-requests 100000 warm "$work/warm.tsv"
$bin --write-requests "$requests" measure "$work/measure.tsv"

ratios=()
for round in $(seq 1 "$rounds"); do
  $bin --http-server --urls "http://127.0.0.1:$port" --logging "$logging" > "$work/server-$round.log" 2>&1 &
  server=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/bare" -X POST -d '{}' && break; sleep 0.2; done
  if ! kill -0 $server 2>/dev/null; then echo "error: the server did not start:" >&2; head -3 "$work/server-$round.log" >&2; exit 1; fi
  measure warm-bare /bare "$work/warm.tsv" 2s >/dev/null
  measure warm-sdk /tikivip/refunds "$work/warm.tsv" 2s >/dev/null
  lines_before=$(wc -l < "$work/server-$round.log")
  bare=$(measure "bare-$round" /bare "$work/measure.tsv" "$duration")
  sdk=$(measure "sdk-$round" /tikivip/refunds "$work/measure.tsv" "$duration")
  kill $server; wait $server 2>/dev/null || true; server=
  while curl -s -o /dev/null "http://127.0.0.1:$port/bare" 2>/dev/null; do sleep 0.2; done # the port is free again
  ratio=$(awk -v s="$sdk" -v b="$bare" 'BEGIN { printf "%.1f", 100 * s / b }')
  ratios+=("$ratio")
  sent=$(awk '/requests in/ { print $1 }' "$work/sdk-$round.txt")
  lines=$(( $(wc -l < "$work/server-$round.log") - lines_before ))
  echo "round $round: bare $bare req/s, MapTikiVipRefunds $sdk req/s = $ratio% (logging $logging: $lines log lines for $sent refunds and the floor's requests)"
done

printf '%s\n' "${ratios[@]}" | sort -n | awk -v n="$rounds" -v logging="$logging" '
  { r[NR] = $1 }
  END { median = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2;
        printf "MapTikiVipRefunds / bare floor over %d rounds (logging %s): median %.1f%%, range %.1f%% - %.1f%% (target >= 90%%)\n", n, logging, median, r[1], r[n] }'
