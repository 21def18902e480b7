using System.Collections;
using TikiVip.Cli;

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.OrdinalIgnoreCase);

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

// A service manager (systemd, Docker, Kubernetes) stops with SIGTERM: stop as cleanly as on Ctrl+C.
using var termination = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await CliApp.RunAsync(args, Console.Out, Console.Error, environment, Console.IsInputRedirected ? Console.In : null, cancellation.Token);
