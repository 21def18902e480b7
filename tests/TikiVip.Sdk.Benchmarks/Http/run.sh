#!/usr/bin/env bash
# Requests/s of MapTikiVipRefunds against a bare minimal-API endpoint that reads the body and returns 200,
# in one run, over loopback only, with wrk (Debian's package). Bounded: a few seconds per measurement.
set -euo pipefail
cd "$(dirname "$0")/../../.."

if ! command -v wrk >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

duration=${DURATION:-10s}
threads=${THREADS:-1}
connections=${CONNECTIONS:-32}
port=${PORT:-5099}
work=$(mktemp -d)
dotnet build -c Release tests/TikiVip.Sdk.Benchmarks >/dev/null
bin="dotnet tests/TikiVip.Sdk.Benchmarks/bin/Release/net10.0/TikiVip.Sdk.Benchmarks.dll"

$bin --http-server --urls "http://127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/bare" -X POST -d '{}' && break
  sleep 0.2
done

export TIKIVIP_CLIENT_ID=RLCKb7Ae9kx4DXtXsCWjnDXtggFnM43W TIKIVIP_THREADS=$threads
measure() { # name path requests-file seconds
  TIKIVIP_REQUESTS=$3 wrk -t"$threads" -c"$connections" -d"$4" -s tests/TikiVip.Sdk.Benchmarks/Http/refund.lua "http://127.0.0.1:$port$2" \
    | tee "$work/$1.txt" | awk '/Requests\/sec/ { print $2 }'
}

# Fresh request ids for every run, so the refund endpoint does real work rather than answering duplicates.
for name in warm bare refunds; do $bin --write-requests 400000 "$name" "$work/$name.tsv"; done
measure warm-bare /bare "$work/warm.tsv" 3s >/dev/null
measure warm-refunds /tikivip/refunds "$work/warm.tsv" 3s >/dev/null
bare=$(measure bare /bare "$work/bare.tsv" "$duration")
refunds=$(measure refunds /tikivip/refunds "$work/refunds.tsv" "$duration")

echo "bare endpoint:      $bare requests/s ($(grep non-2xx "$work/bare.txt"))"
echo "MapTikiVipRefunds:  $refunds requests/s ($(grep non-2xx "$work/refunds.txt"))"
awk -v r="$refunds" -v b="$bare" 'BEGIN { printf "ratio: %.1f%% of the bare endpoint (target >= 85%%)\n", 100 * r / b }'
