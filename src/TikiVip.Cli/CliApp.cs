using System.CommandLine;
using TikiVip.Cli.Commands;
using TikiVip.Sdk;

namespace TikiVip.Cli;

/// <summary>Runs a command with an error boundary that turns every failure into a message and an exit code.</summary>
internal delegate Task<int> CliRunner(ParseResult parse, CancellationToken cancellationToken, Func<CliContext, Task<int>> body);

/// <summary>The <c>tikivip</c> tool, runnable in-process (its tests do).</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> environment, TextReader? input, CancellationToken cancellationToken)
    {
        var global = new GlobalOptions();
        CliRunner run = async (parse, ct, body) =>
        {
            var context = new CliContext(parse, global, output, error, environment, input);
            try
            {
                return await body(context);
            }
            catch (CliUsageException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (TikiVipApiException ex)
            {
                context.Write(
                    ("error", ex.Message),
                    ("http_status", ex.StatusCode is { } status ? (int)status : null),
                    ("code", ex.Code),
                    ("tiki_message", ex.TikiMessage),
                    ("transient", ex.IsTransient),
                    ("recommended_action", ex.RecommendedAction.ToString()));
                return ExitCodes.Rejected;
            }
            catch (TikiVip.Sdk.Reconciliation.ReconciliationException ex)
            {
                await error.WriteLineAsync($"error: {OneLine(ex.Message)}");
                return ExitCodes.Rejected;
            }
            catch (HttpRequestException ex)
            {
                await error.WriteLineAsync($"error: the request failed: {ex.Message}");
                return ExitCodes.Rejected;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or Renci.SshNet.Common.SshException or TimeoutException)
            {
                // Tiki's SFTP server unreachable, the connection cut, or an SFTP failure status: one line, not a stack trace.
                await error.WriteLineAsync($"error: Tiki's SFTP server: {OneLine(ex.Message)} ({ex.GetType().Name})");
                return ExitCodes.Rejected;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await error.WriteLineAsync("cancelled");
                return ExitCodes.Rejected;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or TaskCanceledException)
            {
                await error.WriteLineAsync($"error: {OneLine(ex.Message)}");
                return ExitCodes.Rejected;
            }
        };

        var root = new RootCommand("tikivip: sign, send, look up, verify and emulate Tiki VIP partner API calls. Exit codes: 0 success, 1 the remote side said no, 2 usage or configuration error.")
        {
            SignCommands.Sign(run),
            SignCommands.Verify(run),
            ApiCommands.Ipn(run),
            ApiCommands.Status(run),
            ApiCommands.Webview(run),
            RefundCommand.Create(run, TimeProvider.System),
            ReconcileCommand.Create(run),
            EmulatorCommand.Create(run),
        };
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"error: {OneLine(string.Join("; ", parsed.Errors.Select(e => e.Message)))} (add --help for usage)");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
