using Microsoft.Extensions.Configuration;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Layouts;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Cli;

/// <summary>
/// Reads <c>--layout</c> and <c>--results-layout</c> files: JSON of the same shape as the application's
/// <c>TikiVip:Reconciliation:Layout</c> and <c>TikiVip:Reconciliation:Results</c> sections, bound by the job's
/// own binder, so a file checked here is the configuration the job will use. Every problem is named at once, a misspelt
/// setting among them (refused, not ignored).
/// </summary>
internal static class LayoutFiles
{
    public static ReconciliationFileLayout Layout(string? path)
    {
        if (path is null)
        {
            return new();
        }

        var layout = ReconciliationSettingsBinder.BindLayout(Read(path, "--layout"), strict: true);
        return Checked("--layout", path, layout.Validate(), layout);
    }

    public static ReconciliationResultsOptions Results(string? path)
    {
        if (path is null)
        {
            return new();
        }

        var results = ReconciliationSettingsBinder.BindResults(Read(path, "--results-layout"), strict: true);
        return Checked("--results-layout", path, results.Validate(), results);
    }

    private static T Checked<T>(string option, string path, IReadOnlyList<string> problems, T value) =>
        problems.Count == 0 ? value : throw new CliUsageException($"{option} {path}: {string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"))}");

    private static IConfiguration Read(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"{option} {path} does not exist.");
        }

        try
        {
            return new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException($"{option} {path} is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{option} {path} is not valid JSON: {ex.Message}");
        }
    }
}
