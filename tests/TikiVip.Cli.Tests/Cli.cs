namespace TikiVip.Cli.Tests;

internal sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs the tool in-process, as a shell would, with a chosen environment and standard input.</summary>
internal static class Cli
{
    public static async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, environment ?? new Dictionary<string, string?>(), stdin is null ? null : new StringReader(stdin), cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
