using System.CommandLine;
using System.Globalization;
using TikiVip.Sdk.Testing;

namespace TikiVip.Cli.Commands;

/// <summary><c>tikivip emulator</c>: the Testing package's emulator in the foreground.</summary>
internal static class EmulatorCommand
{
    public static Command Create(CliRunner run)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)." };
        var transactions = new Option<long[]>("--create-transaction")
        {
            Description = "Create a pending transaction of this amount at start (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("emulator", """
            Runs a local Tiki VIP emulator until Ctrl+C and prints its base URL and test credentials.
            Example: tikivip emulator --port 8080 --create-transaction 100000
            """)
        {
            port, transactions,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var requestedPort = context.Value(port);
            if (requestedPort is < 0 or > 65535)
            {
                throw new CliUsageException("--port must be between 0 and 65535.");
            }

            await using var emulator = await TikiVipEmulator.StartAsync(new TikiVipEmulatorOptions { Port = requestedPort }, ct);
            var created = (context.Value(transactions) ?? []).Select(amount => amount > 0
                ? emulator.CreateTransaction(amount)
                : throw new CliUsageException("--create-transaction amounts must be positive.")).ToList();

            context.Write(
                ("base_url", emulator.BaseAddress),
                ("client_id", emulator.ClientId),
                ("client_secret", emulator.ClientSecret), // a public test value, not a real secret
                ("transactions", created.Count == 0 ? null : string.Join(",", created)));
            if (!context.Json)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Use it with: --base-url {emulator.BaseAddress} --client-id {emulator.ClientId} --client-secret {emulator.ClientSecret}. Press Ctrl+C to stop."));
            }

            await context.Output.FlushAsync(ct);
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(static _ => { }, TaskScheduler.Default);
            return ExitCodes.Success;
        }));
        return command;
    }
}
