using Microsoft.Extensions.Configuration;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Cli;

/// <summary>
/// Reads <c>--layout</c> and <c>--results-layout</c> files: JSON of the same shape as the application's
/// <c>TikiVip:Reconciliation:Layout</c> and <c>TikiVip:Reconciliation:Results</c> sections, bound by the same
/// binder, so a file checked here is the configuration the job will use. A misspelt setting is refused, not ignored.
/// </summary>
internal static class LayoutFiles
{
    public static ReconciliationFileLayout Layout(string? path)
    {
        if (path is null)
        {
            return new();
        }

        var layout = new ReconciliationFileLayout();
        Bind(path, "--layout", configuration => configuration.Bind(layout, o => o.ErrorOnUnknownConfiguration = true));
        return Checked(layout, path);
    }

    public static ReconciliationResultsOptions Results(string? path)
    {
        if (path is null)
        {
            return new();
        }

        var results = new ReconciliationResultsOptions();
        Bind(path, "--results-layout", configuration => configuration.Bind(results, o => o.ErrorOnUnknownConfiguration = true));
        var problems = results.Validate();
        return problems.Count == 0 ? results : throw new CliUsageException($"--results-layout {path}: {string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"))}");
    }

    private static ReconciliationFileLayout Checked(ReconciliationFileLayout layout, string path)
    {
        var problems = layout.Validate();
        return problems.Count == 0 ? layout : throw new CliUsageException($"--layout {path}: {string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"))}");
    }

    private static void Bind(string path, string option, Action<IConfiguration> bind)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"{option} {path} does not exist.");
        }

        try
        {
            bind(new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build());
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException($"{option} {path} is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{option} {path} is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException($"{option} {path}: {ex.Message}");
        }
    }
}
