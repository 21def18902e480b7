#!/usr/bin/env bash
# Packs every NuGet package of the repository (the libraries, the `tikivip` tool, the `dotnet new` templates) into
# one folder, by default artifacts/packages, so they can be used before they are published:
#   dotnet nuget add source "$PWD/artifacts/packages" --name tikivip-local
#   dotnet tool install -g TikiVip.Cli --version 0.1.0 --add-source "$PWD/artifacts/packages"
#   dotnet new install TikiVip.Templates@0.1.0 --add-source "$PWD/artifacts/packages"
# Every pack has the same version (0.1.0), so the copies an earlier pack left in the NuGet cache are removed:
# otherwise a restore would take those and never see what was just packed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/artifacts/packages}" && cd "${1:-$root/artifacts/packages}" && pwd)

# One build of the solution packs every packable project (src/ and templates/; tests and samples are not packable).
dotnet pack "$root/TikiVip.Sdk.sln" -c Release -o "$out" -v quiet --nologo >/dev/null
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
for package in "$out"/*.nupkg; do
  name=$(basename "$package" .nupkg)
  version=$(echo "$name" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+([-+].*)?$')   # TikiVip.Sdk.AspNetCore.0.1.0 -> 0.1.0
  id=${name%."$version"}
  rm -rf "$cache/$(echo "$id" | tr '[:upper:]' '[:lower:]')/$version"
done
echo "Packed $(ls "$out"/*.nupkg | wc -l) packages into $out:"
ls "$out"/*.nupkg | xargs -n1 basename | sed 's/^/  /'
