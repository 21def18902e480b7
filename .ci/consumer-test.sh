#!/usr/bin/env bash
# Proves "add a NuGet reference, call services.AddTikiVip(), implement IRefundHandler" works as the README says:
# packs the libraries to a local folder, creates a fresh ASP.NET Core app outside this repository that
# references them (plus the usual registry for their dependencies), and runs one IPN and one refund end to end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"

# Every package, the tool and the templates, as the README tells a partner to make them.
bash "$root/eng/pack.sh" "$feed" >/dev/null
# Our own packages only: never let a stale 0.1.0 from an earlier run stand in for these.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/tikivip.*

mkdir "$work/app"
cd "$work/app"
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="tikivip-local" value="$feed" />
  </packageSources>
</configuration>
XML

# The package graph: an app that references one package gets only what that package needs. Each package is
# restored alone into a throwaway project, and its transitive graph (project.assets.json) is checked.
graph_check() {
  local package=$1; shift
  local dir="$work/graph-$package"
  mkdir "$dir"
  cp "$work/app/nuget.config" "$dir/"
  cat > "$dir/Graph.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><NoWarn>\$(NoWarn);NU1603</NoWarn></PropertyGroup>
  <ItemGroup><PackageReference Include="$package" Version="0.1.0" /></ItemGroup>
</Project>
XML
  dotnet restore "$dir" -v quiet --nologo >/dev/null
  local libraries
  libraries=$(grep -oiE '^    "[^"/]+/[0-9][^"]*": \{' "$dir/obj/project.assets.json" | sed -E 's/^    "([^"/]+)\/.*/\1/' | tr 'A-Z' 'a-z' | sort -u)
  local rule name
  for rule in "$@"; do
    name=$(echo "${rule#[+-]}" | tr 'A-Z' 'a-z')
    if [ "${rule:0:1}" = "-" ] && echo "$libraries" | grep -qx "$name"; then
      echo "package graph: FAILED: $package brings $name" >&2; return 1
    fi
    if [ "${rule:0:1}" = "+" ] && ! echo "$libraries" | grep -qx "$name"; then
      echo "package graph: FAILED: $package should bring $name" >&2; return 1
    fi
  done
  echo "package graph: $package: $(echo "$libraries" | grep -c .) packages; ok ($*)"
}
graph_check TikiVip.Sdk -Npgsql -SSH.NET -BouncyCastle.Cryptography -TikiVip.Sdk.Reconciliation
graph_check TikiVip.Sdk.PostgreSql +Npgsql -SSH.NET -BouncyCastle.Cryptography -TikiVip.Sdk.Reconciliation
graph_check TikiVip.Sdk.Reconciliation -SSH.NET -BouncyCastle.Cryptography -Npgsql
graph_check TikiVip.Sdk.Reconciliation.Sftp +SSH.NET -Npgsql
graph_check TikiVip.Sdk.Reconciliation.PostgreSql +Npgsql -SSH.NET -BouncyCastle.Cryptography
graph_check TikiVip.Sdk.Operations +TikiVip.Sdk.Reconciliation -Npgsql -SSH.NET -BouncyCastle.Cryptography -TikiVip.Sdk.PostgreSql

cat > Consumer.csproj <<'XML'
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);NU1603</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="TikiVip.Sdk" Version="0.1.0" />
    <PackageReference Include="TikiVip.Sdk.AspNetCore" Version="0.1.0" />
    <PackageReference Include="TikiVip.Sdk.Testing" Version="0.1.0" />
    <PackageReference Include="TikiVip.Sdk.Operations" Version="0.1.0" />
  </ItemGroup>
</Project>
XML
cat > Program.cs <<'CS'
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TikiVip.Sdk;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

await using var tiki = await TikiVipEmulator.StartAsync();

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["TikiVip:ClientId"] = tiki.ClientId,
    ["TikiVip:ClientSecret"] = tiki.ClientSecret,
    ["TikiVip:BaseAddress"] = tiki.BaseAddress.ToString(),
});
builder.Services.AddSingleton<Refunds>();
builder.Services.AddTikiVip(builder.Configuration.GetSection("TikiVip"))
    .AddRefundHandler<ConsumerRefundHandler>()
    .AddOperations();
builder.Services.AddAuthentication("Cookies").AddCookie("Cookies", o => o.LoginPath = "/login");

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapTikiVipRefunds("/tikivip/refunds");
app.MapTikiVipOperations("/tikivip/ops").RequireAuthorization();
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

var tikiId = tiki.CreateTransaction(100_000);
var client = app.Services.GetRequiredService<ITikiVipClient>();
var ipn = await client.SubmitIpnAsync(new IpnRequest(tikiId, "ORDER-1", 100_000, TikiVipTransactionStatus.Success));
var refund = await tiki.SendRefundAsync(new Uri(new Uri(address), "/tikivip/refunds"), tikiId);
var handled = app.Services.GetRequiredService<Refunds>().Count;
using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
var ops = await anonymous.GetAsync(new Uri(new Uri(address), "/tikivip/ops/"));
await app.StopAsync();

if (ipn.TransactionId != "ORDER-1" || tiki.GetTransaction(tikiId).Status != TikiVipTransactionStatus.Success || !refund.Accepted || handled != 1
    || (int)ops.StatusCode != 302 || ops.Headers.Location?.AbsolutePath != "/login")
{
    Console.Error.WriteLine($"consumer: FAILED (ipn {ipn.TransactionId}, refund {refund.StatusCode}, handled {handled}, operations page {(int)ops.StatusCode})");
    return 1;
}

Console.WriteLine("consumer: packages restored from the local feed; IPN delivered and refund handled end to end; operations page mapped and closed to anonymous users");
return 0;

sealed class Refunds
{
    private int _count;
    public int Count => _count;
    public void Add() => Interlocked.Increment(ref _count);
}

sealed class ConsumerRefundHandler(Refunds refunds) : IRefundHandler
{
    public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
    {
        refunds.Add();
        return Task.FromResult(RefundResult.Accepted());
    }
}
CS
dotnet run -c Release --nologo

# The tool and the template, installed from the same folder as the README says (a throwaway tool path and
# template hive, so nothing of this machine's is touched), then a new partner app made, built and tested.
cd "$work"
dotnet tool install TikiVip.Cli --version 0.1.0 --add-source "$feed" --tool-path "$work/tools" >/dev/null
"$work/tools/tikivip" --help | grep -q "reconcile" || { echo "template: FAILED: the installed tikivip tool does not run" >&2; exit 1; }
dotnet new install "TikiVip.Templates@0.1.0" --add-source "$feed" --debug:custom-hive "$work/hive" >/dev/null
dotnet new tikivip-partner -n Acme.Payments -o "$work/partner" --debug:custom-hive "$work/hive" >/dev/null
cp "$work/app/nuget.config" "$work/partner/"
cd "$work/partner"
if ! dotnet test --nologo -v quiet > "$work/template-test.log" 2>&1; then
  cat "$work/template-test.log" >&2
  echo "template: FAILED: dotnet new tikivip-partner does not build or its tests fail" >&2
  exit 1
fi
echo "template: tikivip tool installed from the local feed; dotnet new tikivip-partner made, built and tested: $(grep -oE 'Passed: +[0-9]+' "$work/template-test.log" | head -1)"
