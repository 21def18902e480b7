using TikiVip.Sample;

if (args.Contains("--serve"))
{
    // A normal web app: configure the TikiVip section (appsettings.json or TikiVip__ClientId-style
    // environment variables) and pass --urls as usual.
    PartnerApp.Build(args.Where(a => a != "--serve").ToArray()).Run();
    return 0;
}

return await GuidedFlow.RunAsync();
