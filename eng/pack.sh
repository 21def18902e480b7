#!/usr/bin/env bash
# Packs every NuGet package of the repository (the libraries, the `tikivip` tool, the `dotnet new` templates) into
# one folder, by default artifacts/packages, so they can be used before they are published:
#   dotnet nuget add source "$PWD/artifacts/packages" --name tikivip-local
#   dotnet tool install -g TikiVip.Cli --add-source artifacts/packages --version 0.1.0
#   dotnet new install TikiVip.Templates::0.1.0 --add-source artifacts/packages
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/artifacts/packages}" && cd "${1:-$root/artifacts/packages}" && pwd)

# One build of the solution packs every packable project (src/ and templates/; tests and samples are not packable).
dotnet pack "$root/TikiVip.Sdk.sln" -c Release -o "$out" -v quiet --nologo >/dev/null
echo "Packed $(ls "$out"/*.nupkg | wc -l) packages into $out:"
ls "$out"/*.nupkg | xargs -n1 basename | sed 's/^/  /'
