using Microsoft.Extensions.Options;
using PartnerApp;

// `tikivip emulator` (or the settings in appsettings.Development.json) stands in for Tiki while you build.
var app = PartnerBackend.Build(args);

// A missing or wrong TikiVip setting: say which, once, and stop (the host would print it twice, with stack traces).
try
{
    app.Services.GetRequiredService<IStartupValidator>().Validate();
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine("Configuration:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures.Select(f => "  " + f)));
    return 1;
}

app.Run();
return 0;
