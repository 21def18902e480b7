#!/usr/bin/env bash
# Brings each library's PublicAPI.Unshipped.txt in line with its code after an intended API change:
# new public symbols (RS0016) are declared; removed ones (RS0017) are marked *REMOVED* when they had shipped,
# or deleted when they never had. Then review the diff: the files are the public contract.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build TikiVip.Sdk.sln -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= > "$log" 2>&1 || true

grep -oE "src/[^/]+/[^(]+\([0-9,]+\): (warning|error) RS001[67]: Symbol '.*' (is not part of the declared public API|is part of the declared API, but is either not public or could not be found)" "$log" \
  | sed -E "s#^src/([^/]+)/([^(]+)\(.*(RS001[67]): Symbol '(.*)' is .*#\1\t\2\t\3\t\4#" \
  | sort -u \
  | while IFS=$'\t' read -r project file rule symbol; do
      unshipped="src/$project/PublicAPI.Unshipped.txt"
      if [ "$rule" = RS0016 ]; then
        grep -qxF -- "$symbol" "$unshipped" || echo "$symbol" >> "$unshipped"
      elif [ "$file" = PublicAPI.Shipped.txt ]; then
        grep -qxF -- "*REMOVED*$symbol" "$unshipped" || echo "*REMOVED*$symbol" >> "$unshipped"
      else
        grep -vxF -- "$symbol" "$unshipped" > "$unshipped.tmp" || true
        mv "$unshipped.tmp" "$unshipped"
      fi
    done
for file in src/*/PublicAPI.Unshipped.txt; do
  { head -n 1 "$file"; tail -n +2 "$file" | sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done
git --no-pager diff --stat -- 'src/*/PublicAPI.Unshipped.txt'
