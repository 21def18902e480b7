#!/usr/bin/env bash
# Declares every public symbol the build reports as undeclared (RS0016) in that project's PublicAPI.Unshipped.txt.
# Run after an intended API change, then review the diff: the files are the public contract.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build TikiVip.Sdk.sln -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= 2>&1 \
  | grep -oE "src/[^/]+/[^(]+\([0-9,]+\): (warning|error) RS0016: Symbol '.*' is not part of the declared public API" \
  | sed -E "s#^src/([^/]+)/.*RS0016: Symbol '(.*)' is not part of the declared public API#\1\t\2#" \
  | sort -u \
  | while IFS=$'\t' read -r project symbol; do
      file="src/$project/PublicAPI.Unshipped.txt"
      grep -qxF -- "$symbol" "$file" || echo "$symbol" >> "$file"
    done
for file in src/*/PublicAPI.Unshipped.txt; do
  { head -n 1 "$file"; tail -n +2 "$file" | sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done
git --no-pager diff --stat -- 'src/*/PublicAPI.Unshipped.txt'
