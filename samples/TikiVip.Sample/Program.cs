using TikiVip.Sample;
using TikiVip.Sdk.Testing;

if (args.Contains("--serve"))
{
    // A normal web app: configure the TikiVip section (appsettings.json or TikiVip__ClientId-style
    // environment variables) and pass --urls as usual. With --emulator it talks to a local Tiki VIP emulator
    // instead, in the Development environment, so the operations page can be tried without credentials.
    var rest = args.Where(a => a is not "--serve" and not "--emulator").ToArray();
    if (!args.Contains("--emulator"))
    {
        PartnerApp.Build(rest).Run();
        return 0;
    }

    await using var tiki = await TikiVipEmulator.StartAsync();
    var app = PartnerApp.Build([.. rest, "--environment", Environments.Development], builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikiVip:ClientId"] = tiki.ClientId,
            ["TikiVip:ClientSecret"] = tiki.ClientSecret,
            ["TikiVip:BaseAddress"] = tiki.BaseAddress.ToString(),
        });
    });
    await app.StartAsync();
    Console.WriteLine($"Tiki VIP emulator at {tiki.BaseAddress}. Operations page: {string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + PartnerApp.OperationsPath))} (development sign-in, any name).");
    Console.WriteLine($"Try: curl -X POST {app.Urls.First().TrimEnd('/')}/purchases -H 'Content-Type: application/json' -d '{{\"tikiTransactionId\":\"{tiki.CreateTransaction(100_000)}\",\"amount\":100000}}'");
    await app.WaitForShutdownAsync();
    return 0;
}

return await GuidedFlow.RunAsync();
