using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Sftp;

namespace TikiVip.Cli.Commands;

/// <summary><c>tikivip reconcile inspect | write | upload | fetch | match</c>: the daily reconciliation flow, step by step.</summary>
internal static class ReconcileCommand
{
    private const string Sftp = "TikiVip__Reconciliation__Sftp__";

    public static Command Create(CliRunner run) => new("reconcile", "The daily reconciliation file: write it, upload it to Tiki's SFTP server, fetch Tiki's results, match them.")
    {
        Inspect(run), Write(run), Upload(run), Fetch(run), Match(run),
    };

    private static Option<string?> LayoutOption() => new("--layout")
    {
        Description = "The partner's file layout agreed with Tiki: a JSON file shaped as the TikiVip:Reconciliation:Layout section. Default: the standard layout.",
    };

    private static Option<string?> ResultsOption() => new("--results-layout")
    {
        Description = "Tiki's results as agreed: a JSON file shaped as the TikiVip:Reconciliation:Results section (Layout, Mode, FileName). Default: standard layout, Exceptions mode.",
    };

    private static Command Inspect(CliRunner run)
    {
        var layout = LayoutOption();
        var results = ResultsOption();
        var rows = new Option<int>("--rows") { Description = "How many of the first rows to show.", DefaultValueFactory = _ => 3 };
        var role = new Option<string?>("--as") { Description = "What the samples are: 'partner' (checked against --layout only) or 'results' (against --results-layout only). Default: either." };
        var samples = new Argument<string[]>("sample") { Description = "Sample files: the partner's, or one Tiki sent during the reconciliation meeting.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", """
            Checks sample files against the agreed layouts before the first night: reports each sample against each
            layout separately (fits, its first rows field by field with Tiki's verdict and reason, or every reason it
            does not), and which of several result files of one day the job would read. Exit code 0 when every sample
            fits a layout it is checked against (--as narrows that to one), 1 when one fits none.
            Example: tikivip reconcile inspect --layout layout.json --results-layout results.json --as results tiki_sample.csv
            """)
        {
            layout, results, rows, role, samples,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var agreed = LayoutFiles.Results(context.Value(results));
            var layouts = new List<(string Name, ReconciliationFileLayout Layout)>();
            var only = context.Value(role)?.Trim().ToLowerInvariant();
            if (only is not (null or "partner" or "results"))
            {
                throw new CliUsageException($"--as must be 'partner' or 'results'; got '{context.Value(role)}'.");
            }

            if (only is null or "partner")
            {
                layouts.Add(("partner layout", LayoutFiles.Layout(context.Value(layout))));
            }

            if (only is null or "results")
            {
                layouts.Add(("results layout", agreed.Layout));
            }

            var given = context.Value(samples)!;
            var fitted = 0;
            foreach (var sample in Files(given))
            {
                var fits = new List<string>();
                context.Write(("file", sample));
                foreach (var (name, candidate) in layouts)
                {
                    ReconciliationFileInspection inspection;
                    await using (var stream = File.OpenRead(sample))
                    {
                        inspection = await ReconciliationFileReader.InspectAsync(stream, candidate, context.Value(rows), ct);
                    }

                    var key = name.Replace(' ', '_');
                    if (inspection.Fits)
                    {
                        fits.Add(name);
                    }

                    context.Write((key, inspection.Fits ? "fits" : "does not fit"), ("rows", inspection.Fits ? inspection.RowCount : null));
                    if (inspection.Fits)
                    {
                        foreach (var row in inspection.FirstRows)
                        {
                            context.Write(Fields(row, candidate));
                        }
                    }
                    else
                    {
                        foreach (var problem in inspection.Problems)
                        {
                            context.Write(($"{key}_problem", problem));
                        }
                    }
                }

                context.Write(("fits", fits.Count > 0 ? string.Join(" and ", fits) : layouts.Count == 1 ? "not the " + layouts[0].Name : "neither layout"));
                fitted += fits.Count > 0 ? 1 : 0;
            }

            // Several result files of one day: which the daily job (and match) would read, and which set aside.
            if (only is null or "results")
            {
                foreach (var answer in ReconciliationResultFiles.SelectAnswers(Files(given).Select(f => new FileInfo(f)), agreed).Where(a => a.Files.Count + a.Superseded.Count > 1))
                {
                    context.Write(("answer_for", answer.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("read", string.Join(", ", answer.Files.Select(f => f.Name))),
                        ("set_aside", answer.Superseded.Count == 0 ? null : string.Join(", ", answer.Superseded.Select(f => f.Name)) + " (superseded: written earlier)"));
                }
            }

            return fitted == Files(given).Count ? ExitCodes.Success : ExitCodes.Rejected;
        }));
        return command;
    }

    /// <summary>A row's fields as the SDK understood them, those its layout has; Tiki's verdict as the file spells it and as read.</summary>
    private static (string Name, object? Value)[] Fields(ReconciliationFileRow row, ReconciliationFileLayout layout) =>
    [
        ("row", row.RowNumber),
        ("tiki_transaction_id", row.TikiTransactionId),
        ("transaction_id", row.TransactionId),
        ("amount", row.Amount),
        ("status", row.Status is { } status ? TikiVip.Sdk.TikiVipTransactionStatusNames.ToWireName(status) : null),
        ("created_at", row.CreatedAt?.ToString("O", CultureInfo.InvariantCulture)),
        ("updated_at", row.UpdatedAt?.ToString("O", CultureInfo.InvariantCulture)),
        ("result", row.Result is { } verdict ? $"{(verdict == ReconciliationVerdict.Matched ? layout.ResultNames.Matched : layout.ResultNames.NotMatched)} ({verdict})" : null),
        ("reason", row.Reason),
        .. row.Extras.Select(e => ($"extra:{e.Key}", (object?)e.Value)),
    ];

    private static Command Write(CliRunner run)
    {
        var partner = new Option<string>("--partner") { Description = "The partner name Tiki assigned (part of the file names).", Required = true };
        var date = new Option<string>("--date") { Description = "The day the data covers, yyyy-MM-dd (Vietnam time).", Required = true };
        var input = new Option<string>("--input") { Description = "The day's records: a CSV file with the standard columns, then one column per extra field headed by its key.", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to publish the files into.", Required = true };
        var layout = LayoutOption();
        var command = new Command("write", """
            Writes a day's reconciliation files in the agreed layout (names, columns, lines per file), published together or not at all.
            Example: tikivip reconcile write --partner ACME --date 2026-11-21 --input day.csv --out ./outbox --layout layout.json
            """)
        {
            partner, date, input, output, layout,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            if (!DateOnly.TryParseExact(context.Value(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new CliUsageException("--date must be yyyy-MM-dd.");
            }

            var agreed = LayoutFiles.Layout(context.Value(layout));
            var options = new ReconciliationOptions { PartnerName = context.Value(partner)!, Date = day, Layout = agreed };
            var problems = options.Validate();
            var writer = problems.Count == 0 ? new ReconciliationFileWriter(options) : throw new CliUsageException(string.Join(" ", problems));

            // The input carries every field: the standard columns, then the agreed extra fields by key.
            var inputLayout = new ReconciliationFileLayout();
            foreach (var column in ReconciliationFileLayout.StandardColumns())
            {
                inputLayout.Columns.Add(column);
            }

            foreach (var extra in agreed.Columns.Where(c => c.Field == ReconciliationField.Extra))
            {
                var key = extra.ExtraKey!.Trim(); // the agreed layout was checked: an extra column has its key
                inputLayout.Columns.Add(new ReconciliationColumn { Name = key, Field = ReconciliationField.Extra, ExtraKey = key });
            }

            await using var records = OpenInput(context.Value(input)!);
            var result = await writer.WriteAsync(Progress(Records(ReconciliationFileReader.ReadAsync(records, inputLayout, ct), ct), context), new ReconciliationDirectorySink(context.Value(output)!), ct);
            foreach (var file in result.Files)
            {
                context.Write(("file", file.Name), ("rows", file.RowCount), ("bytes", file.ByteCount), ("sha256", file.Sha256));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Upload(CliRunner run)
    {
        var directory = new Option<string>("--dir") { Description = "The folder the files were published into.", Required = true };
        var options = new SftpOptions();
        var command = new Command("upload", """
            Uploads every published file of a folder (names starting with a dot are skipped) to Tiki's inbound folder:
            a temporary name renamed when complete; files already there unchanged are not sent again.
            Example: tikivip reconcile upload --dir ./outbox --sftp-host H --sftp-user acme --sftp-key key --sftp-host-key SHA256:...
            """)
        {
            directory,
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var folder = context.Value(directory)!;
            if (!Directory.Exists(folder))
            {
                throw new CliUsageException($"--dir {folder} does not exist.");
            }

            var client = options.Client(context);
            foreach (var path in Directory.GetFiles(folder).Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                var upload = await client.UploadFileAsync(path, ct);
                context.Write(("file", upload.Name), ("remote_path", upload.RemotePath), ("bytes", upload.ByteCount), ("already_present", upload.AlreadyPresent));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Fetch(CliRunner run)
    {
        var directory = new Option<string>("--to") { Description = "The folder Tiki's result files are kept in.", Required = true };
        var options = new SftpOptions();
        var command = new Command("fetch", """
            Fetches Tiki's new or rewritten result files from the outbound folder.
            Example: tikivip reconcile fetch --to ./results --sftp-host H --sftp-user acme --sftp-key key --sftp-host-key SHA256:...
            """)
        {
            directory,
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            foreach (var download in await options.Client(context).FetchResultsAsync(context.Value(directory)!, ct))
            {
                context.Write(("file", download.Name), ("local_path", download.LocalPath), ("bytes", download.ByteCount));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Match(CliRunner run)
    {
        var partner = new Option<string[]>("--partner") { Description = "The partner's records of the day: a reconciliation file, or a folder of them; repeatable (a day split into several files).", Required = true, AllowMultipleArgumentsPerToken = true };
        var tiki = new Option<string[]>("--tiki") { Description = "Tiki's result files, or a folder of them (e.g. what 'fetch' keeps); repeatable. The day's answer is chosen as the daily job chooses it.", Required = true, AllowMultipleArgumentsPerToken = true };
        var date = new Option<string?>("--date") { Description = "The day to compare, yyyy-MM-dd, when Tiki's files cover several days." };
        var partnerName = new Option<string?>("--partner-name") { Description = "The partner name in Tiki's file names ({partner} in Results:FileName). Default: any." };
        var report = new Option<string?>("--report") { Description = "Where to write the CSV report of mismatches." };
        var layout = LayoutOption();
        var results = ResultsOption();
        var command = new Command("match", """
            Compares the partner's files with Tiki's answer for the day, read in the agreed layouts and with the agreed
            meaning (Exceptions: Tiki lists only what it found wrong; FullDay: Tiki's copy of the whole day). Of Tiki's
            files, those named as results (Results:FileName) are grouped by day: parts of one answer are read together,
            and a newer answer for the day supersedes earlier ones, as in the daily job; each file taken or set aside is listed.
            Exit code 0 when they agree, 1 when anything differs.
            Example: tikivip reconcile match --partner outbox/ --tiki results/ --date 2026-11-21 --results-layout results.json --report mismatches.csv
            """)
        {
            partner, tiki, date, partnerName, report, layout, results,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var left = Files(context.Value(partner)!);
            var partnerLayout = LayoutFiles.Layout(context.Value(layout));
            var agreed = LayoutFiles.Results(context.Value(results));
            var day = context.Value(date) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : throw new CliUsageException("--date must be yyyy-MM-dd.")
                : (DateOnly?)null;
            var right = TikiAnswer(Files(context.Value(tiki)!), agreed, context.Value(partnerName), day, context);
            var path = context.Value(report);
            await using var sink = path is null ? Stream.Null : File.Create(path);
            var summary = await new ReconciliationMatcher(agreed.Mode).MatchToCsvAsync(
                ReconciliationFileReader.ReadFilesAsync(left, partnerLayout, "partner file", ct), ReconciliationResultFiles.ReadAsync(right, agreed, ct), sink, ct);
            context.Write(
                ("mode", agreed.Mode.ToString()), ("partner_rows", summary.PartnerRows), ("tiki_rows", summary.TikiRows), ("matched", summary.Matched),
                ("mismatches", summary.Mismatches), ("reported_by_tiki", summary.ReportedByTiki),
                ("missing_at_tiki", summary.MissingAtTiki), ("missing_at_partner", summary.MissingAtPartner),
                ("amount_differs", summary.AmountDiffers), ("status_differs", summary.StatusDiffers), ("duplicates", summary.Duplicates),
                ("verdict_differs", summary.VerdictDiffers), ("report", path));
            return summary.IsClean ? ExitCodes.Success : ExitCodes.Rejected;
        }));
        return command;
    }

    /// <summary>
    /// Tiki's answer among the files given, by the daily job's rule, each file taken or set aside said on a line of
    /// its own. Files none of whose names follow Results:FileName are read as given, in name order.
    /// </summary>
    private static List<string> TikiAnswer(List<string> files, ReconciliationResultsOptions results, string? partnerName, DateOnly? date, CliContext context)
    {
        var answers = ReconciliationResultFiles.SelectAnswers(files.Select(f => new FileInfo(f)), results, partnerName);
        if (answers.Count == 0)
        {
            foreach (var file in files)
            {
                context.Write(("tiki_file", Path.GetFileName(file)), ("taken", $"read as given: no name follows Results:FileName '{results.FileName}', so parts and regenerated answers cannot be told apart"));
            }

            return files;
        }

        var days = string.Join(", ", answers.Select(a => a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var answer = date is { } wanted
            ? answers.FirstOrDefault(a => a.Date == wanted) ?? throw new CliUsageException($"Tiki's files hold no answer for {wanted:yyyy-MM-dd}; they answer {days}.")
            : answers.Count == 1 ? answers[0] : throw new CliUsageException($"Tiki's files answer several days ({days}): say which with --date.");
        var newest = string.Join(" + ", answer.Files.Select(f => f.Name));
        foreach (var file in answer.Files)
        {
            context.Write(("tiki_file", file.Name), ("taken", answer.Files.Count > 1 ? $"part of {answer.Date:yyyy-MM-dd}'s answer, read with the others in part order" : $"{answer.Date:yyyy-MM-dd}'s answer"));
        }

        foreach (var file in answer.Superseded)
        {
            context.Write(("tiki_file", file.Name), ("set_aside", $"an earlier answer for {answer.Date:yyyy-MM-dd}, superseded by {newest} (written later)"));
        }

        foreach (var other in answers.Where(a => a != answer).SelectMany(a => a.Files.Concat(a.Superseded)))
        {
            context.Write(("tiki_file", other.Name), ("set_aside", "another day's answer"));
        }

        var recognised = answers.SelectMany(a => a.Files.Concat(a.Superseded)).Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files.Where(f => !recognised.Contains(Path.GetFullPath(f))))
        {
            context.Write(("tiki_file", Path.GetFileName(file)), ("set_aside", $"its name does not follow Results:FileName '{results.FileName}'"));
        }

        return [.. answer.Files.Select(f => f.FullName)];
    }

    private static FileStream OpenInput(string path) =>
        File.Exists(path) ? File.OpenRead(path) : throw new CliUsageException($"{path} does not exist.");

    /// <summary>The files named, a folder standing for every file in it (hidden ones aside), in name order; checked before anything is read.</summary>
    private static List<string> Files(string[] paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new CliUsageException($"{path} does not exist (give a file, or a folder of the day's files).");
            }
        }

        return files.Count > 0 ? files : throw new CliUsageException($"No file in {string.Join(", ", paths)}.");
    }

    private static async IAsyncEnumerable<ReconciliationRecord> Records(IAsyncEnumerable<ReconciliationFileRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.ToRecord();
        }
    }

    /// <summary>Reports progress on standard error every 100,000 rows, so a long day shows it is moving.</summary>
    private static async IAsyncEnumerable<ReconciliationRecord> Progress(IAsyncEnumerable<ReconciliationRecord> records, CliContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long rows = 0;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (++rows % 100_000 == 0)
            {
                await context.Error.WriteLineAsync($"{rows:N0} rows written...");
            }

            yield return record;
        }
    }

    /// <summary>The SFTP settings every remote command takes, each also from a <c>TikiVip__Reconciliation__Sftp__*</c> variable.</summary>
    private sealed class SftpOptions
    {
        private readonly Option<string?> _host = new("--sftp-host") { Description = $"Tiki's SFTP server (or {Sftp}Host)." };
        private static readonly ReconciliationSftpOptions Defaults = new();

        private readonly Option<int?> _port = new("--sftp-port") { Description = $"Its port, default {Defaults.Port} (or {Sftp}Port)." };
        private readonly Option<string?> _user = new("--sftp-user") { Description = $"The user Tiki created (or {Sftp}Username)." };
        private readonly Option<string?> _key = new("--sftp-key") { Description = $"A private key file, OpenSSH format (or {Sftp}PrivateKeyPath)." };
        private readonly Option<string?> _password = new("--sftp-password") { Description = $"The password (or {Sftp}Password). Never printed." };
        private readonly Option<string[]> _hostKeys = new("--sftp-host-key") { Description = $"A pinned host key fingerprint, SHA256:... (or {Sftp}HostKeySha256); repeatable.", AllowMultipleArgumentsPerToken = true };
        private readonly Option<string?> _inbound = new("--inbound") { Description = $"The inbound folder, default {Defaults.InboundPath}." };
        private readonly Option<string?> _outbound = new("--outbound") { Description = $"The outbound folder, default {Defaults.OutboundPath}." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _host, _port, _user, _key, _password, _hostKeys, _inbound, _outbound })
            {
                command.Options.Add(option);
            }
        }

        public ReconciliationSftpClient Client(CliContext context)
        {
            var hostKeys = context.Value(_hostKeys) is { Length: > 0 } given ? given
                : context.Variable(Sftp + "HostKeySha256") is { Length: > 0 } variable ? variable.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [];
            // What is not given keeps the options' own default (port 22, Tiki's folders), said once, there.
            var options = new ReconciliationSftpOptions
            {
                Host = context.Value(_host) ?? context.Variable(Sftp + "Host") ?? "",
                Username = context.Value(_user) ?? context.Variable(Sftp + "Username") ?? "",
                PrivateKeyPath = context.Value(_key) ?? context.Variable(Sftp + "PrivateKeyPath"),
                Password = context.Value(_password) ?? context.Variable(Sftp + "Password"),
                HostKeySha256 = hostKeys,
            };
            options.Port = context.Value(_port) ?? (int.TryParse(context.Variable(Sftp + "Port"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : options.Port);
            options.InboundPath = context.Value(_inbound) ?? options.InboundPath;
            options.OutboundPath = context.Value(_outbound) ?? options.OutboundPath;
            if (int.TryParse(context.Variable(Sftp + "MaxRetryAttempts"), NumberStyles.None, CultureInfo.InvariantCulture, out var retries))
            {
                options.MaxRetryAttempts = retries;
            }

            var problems = options.Validate();
            return problems.Count == 0 ? new ReconciliationSftpClient(options) : throw new CliUsageException(string.Join(" ", problems));
        }
    }
}
