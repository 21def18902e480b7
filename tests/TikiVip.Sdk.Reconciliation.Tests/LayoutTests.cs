using System.Text;
using TikiVip.Sdk.Reconciliation.Layouts;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Reconciliation.Tests;

/// <summary>Layouts as agreed in the reconciliation meeting: checked whole, written and read alike.</summary>
public sealed class LayoutTests
{
    private static readonly DateOnly Day = new(2026, 11, 21);
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void The_default_layout_is_the_six_standard_columns_and_is_usable()
    {
        var layout = new ReconciliationFileLayout();

        Assert.Empty(layout.Validate());
        Assert.Equal(499_999, layout.MaxRowsPerFile);
        Assert.Equal(["tiki_transaction_id", "transaction_id", "transaction_amount", "status", "created_at", "updated_at"], ReconciliationFileLayout.StandardColumns().Select(c => c.Name));
    }

    public static TheoryData<Action<ReconciliationFileLayout>, string> WrongLayouts => new()
    {
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.Amount }], "Columns has no TikiTransactionId" },
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.TikiTransactionId }, new() { Name = "b" }], "Columns[1].Field is not set: use TikiTransactionId, TransactionId, Amount, Status, CreatedAt, UpdatedAt or Extra with an ExtraKey." },
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.TikiTransactionId }, new() { Name = "A", Field = ReconciliationField.Amount }], "Columns[1].Name 'A' is used by another column" },
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.TikiTransactionId }, new() { Name = "", Field = ReconciliationField.Amount }], "Columns[1].Name is empty" },
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.TikiTransactionId }, new() { Name = "b", Field = ReconciliationField.Extra }], "Columns[1].Field is Extra but names no key: set Columns[1].ExtraKey" },
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.TikiTransactionId }, new() { Name = "b", Field = ReconciliationField.Amount, ExtraKey = "x" }], "Columns[1].ExtraKey 'x' is for an Extra column; this one holds Amount." },
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.TikiTransactionId }, new() { Name = "b", Field = (ReconciliationField)42 }], "Columns[1].Field 42 is not a field: use TikiTransactionId, TransactionId, Amount, Status, CreatedAt, UpdatedAt or Extra with an ExtraKey." },
        { l => l.Columns = [new() { Name = "a", Field = ReconciliationField.TikiTransactionId }, new() { Name = "b", Field = ReconciliationField.Result }], "Columns[1].Field 'Result' is Tiki's own field" },
        { l => l.Delimiter = ":", "Delimiter ':' is not one of" },
        { l => l.StatusNames.Failure = "SUCCESS", "StatusNames spells two values the same way" },
        { l => l.StatusNames.Pending = "", "StatusNames:Pending is empty" },
        { l => l.StatusNames.Success = "\"OK\"", "StatusNames:Success '\"OK\"' holds the delimiter, a quote" },
        { l => l.TimestampFormat = "HH:mm", "cannot be read back" },
        { l => l.TimestampFormat = "", "TimestampFormat is empty" },
        { l => l.UtcOffset = TimeSpan.FromHours(15), "UtcOffset must be whole minutes within ±14 hours" },
        { l => l.MaxLinesPerFile = 0, "MaxLinesPerFile must be between 2 and" },
        { l => l.FileName = "tikivip_{partner}_{date:yyyyMMdd}", "must hold {n}" },
        { l => l.FileName = "tikivip/{partner}_{date:yyyyMMdd}_{n}", "which a file name cannot hold" },
        { l => l.FileName = "tikivip_{date:yyyy}_{n}", "{date:yyyy} is not a placeholder" },
        { l => l.FileExtension = "/.csv", "FileExtension '/.csv'" },
    };

    [Theory]
    [MemberData(nameof(WrongLayouts))]
    public void A_wrong_layout_is_named_by_what_is_wrong(Action<ReconciliationFileLayout> spoil, string expected)
    {
        var layout = new ReconciliationFileLayout();
        spoil(layout);

        Assert.Contains(layout.Validate(), p => p.Contains(expected, StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = Day, Layout = layout }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var layout = new ReconciliationFileLayout { Delimiter = "x", MaxLinesPerFile = 0, TimestampFormat = "" };

        Assert.Equal(3, layout.Validate().Count);
    }

    [Fact]
    public async Task A_layout_changed_after_the_writer_was_made_does_not_change_its_files()
    {
        var layout = new ReconciliationFileLayout();
        var writer = new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = Day, Layout = layout });
        layout.Delimiter = ";";
        layout.Header = false;
        var sink = new MemorySink();

        await writer.WriteAsync([Record("T-1", 1)], sink);

        Assert.StartsWith("tiki_transaction_id,transaction_id,", Encoding.UTF8.GetString(sink.Files.Single().Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_subset_in_any_order_round_trips_and_absent_fields_read_as_absent()
    {
        var layout = new ReconciliationFileLayout
        {
            Columns = [new() { Name = "Số tiền", Field = ReconciliationField.Amount }, new() { Name = "Mã giao dịch Tiki", Field = ReconciliationField.TikiTransactionId }, new() { Name = "Cửa hàng", Field = ReconciliationField.Extra, ExtraKey = "store" }],
            Delimiter = "|",
            LineEnding = ReconciliationLineEnding.Lf,
        };
        var sink = new MemorySink();

        await new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = Day, Layout = layout })
            .WriteAsync([Record("T-1", 5, new() { ["store"] = "Hà Nội | Q1" })], sink);
        var bytes = sink.Files.Single().Value;
        var rows = new List<ReconciliationFileRow>();
        await foreach (var row in ReconciliationFileReader.ReadAsync(new MemoryStream(bytes), layout))
        {
            rows.Add(row);
        }

        Assert.Equal("Số tiền|Mã giao dịch Tiki|Cửa hàng\n5|T-1|\"Hà Nội | Q1\"\n", Encoding.UTF8.GetString(bytes));
        var read = Assert.Single(rows);
        Assert.Equal(("T-1", 5L, "Hà Nội | Q1", (string?)null, (TikiVipTransactionStatus?)null), (read.TikiTransactionId, read.Amount!.Value, read.Extras["store"], read.TransactionId, read.Status));
        Assert.Equal("Row 1: the file has no TransactionId column, which a full record needs.", Assert.Throws<ReconciliationException>(read.ToRecord).Message);
    }

    [Fact]
    public async Task Quoted_fields_split_across_the_readers_buffer_read_whole()
    {
        // Long values with doubled quotes and line breaks land on every buffer boundary somewhere in 5,000 rows.
        var layout = new ReconciliationFileLayout { Columns = [new() { Name = "id", Field = ReconciliationField.TikiTransactionId }, new() { Name = "note", Field = ReconciliationField.Extra, ExtraKey = "note" }] };
        var records = Enumerable.Range(0, 5_000).Select(i => Record($"T-{i}", i, new() { ["note"] = new string('x', i % 97) + "\"q\",\r\n" + new string('y', i % 13) })).ToList();
        var sink = new MemorySink();
        await new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = Day, Layout = layout }).WriteAsync(records, sink);

        var notes = new List<string>();
        await foreach (var row in ReconciliationFileReader.ReadAsync(new OneByteAtATimeStream(sink.Files.Single().Value), layout))
        {
            notes.Add(row.Extras["note"]);
        }

        Assert.Equal(records.Select(r => r.Extras["note"]), notes);
    }

    [Fact]
    public async Task Inspect_lists_every_problem_of_a_sample_not_only_the_first()
    {
        var text = "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n" +
            "T-1,P-1,abc,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n" +
            "T-2,P-2,2,DONE,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n" +
            "T-3,P-3,3,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n";

        var inspection = await ReconciliationFileReader.InspectAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        Assert.False(inspection.Fits);
        Assert.Equal(3, inspection.RowCount);
        Assert.Equal(["Row 1: transaction_amount (Amount) 'abc' is not a whole number of VND (digits only).", "Row 2: status (Status) 'DONE' is not SUCCESS, FAILURE, PENDING (the layout's StatusNames)."], inspection.Problems);
        Assert.Equal("T-3", Assert.Single(inspection.FirstRows).TikiTransactionId);
    }

    [Theory]
    [InlineData("tikivip_ACME_20261121_1_result.csv", "2026-11-21", 1, "TIKIVIP_ACME_20261121_{N}_RESULT.CSV")]
    [InlineData("tikivip_ACME_20261121_result.csv", "2026-11-21", 0, "TIKIVIP_ACME_20261121_RESULT.CSV")]
    [InlineData("TIKIVIP_acme_20261121_12", "2026-11-21", 12, "TIKIVIP_ACME_20261121_{N}")]
    [InlineData("tikivip_ACME_202611211_result.csv", null, 0, null)]
    [InlineData("tikivip_ACMEX_20261121_1", null, 0, null)]
    [InlineData("tikivip_ACME_20261131_1", null, 0, null)]
    public void Tikis_result_names_say_their_day_part_and_answer(string name, string? day, int part, string? answer)
    {
        var problems = new List<string>();
        var pattern = FileNamePattern.Parse(ReconciliationResultsOptions.DefaultFileName, wildcards: true, "FileName", problems)!;

        var recognised = pattern.TryRecognise(pattern.Recogniser("ACME"), name, out var date, out var number, out var key);

        Assert.Equal(day is not null, recognised);
        if (recognised)
        {
            Assert.Equal((DateOnly.Parse(day!, System.Globalization.CultureInfo.InvariantCulture), part, answer), (date, number, key));
        }
    }

    [Fact]
    public void A_results_pattern_of_the_partners_own_naming_recognises_its_names()
    {
        var problems = new List<string>();
        var pattern = FileNamePattern.Parse("KQ-{date:dd.MM.yyyy}-{partner}-{n}.xlsx.csv", wildcards: true, "FileName", problems)!;

        Assert.Empty(problems);
        Assert.True(pattern.TryRecognise(pattern.Recogniser("ACME"), "KQ-21.11.2026-ACME-3.xlsx.csv", out var date, out var part, out _));
        Assert.Equal((Day, 3), (date, part));
        Assert.True(pattern.TryRecognise(pattern.Recogniser("ACME"), "KQ-21.11.2026-ACME.xlsx.csv", out _, out part, out _));
        Assert.Equal(0, part);
    }

    private static ReconciliationRecord Record(string id, long amount, Dictionary<string, string>? extras = null) => new()
    {
        TikiTransactionId = id, TransactionId = "P-" + id, Amount = amount, Status = TikiVipTransactionStatus.Success, CreatedAt = Noon, UpdatedAt = Noon, Extras = extras ?? [],
    };

    private sealed class MemorySink : IReconciliationFileSink
    {
        public Dictionary<string, byte[]> Files { get; } = [];

        public ValueTask<IReconciliationFileSet> BeginAsync(string setName, CancellationToken cancellationToken) => new(new Set(this));

        private sealed class Set(MemorySink sink) : IReconciliationFileSet
        {
            private readonly Dictionary<string, KeptStream> _open = [];

            public ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken)
            {
                var stream = new KeptStream();
                _open[fileName] = stream;
                return new(stream);
            }

            public ValueTask PublishAsync(CancellationToken cancellationToken)
            {
                foreach (var (name, stream) in _open)
                {
                    sink.Files[name] = stream.Bytes;
                }

                return default;
            }

            public ValueTask DisposeAsync() => default;
        }

        /// <summary>Keeps its bytes after the writer disposes it.</summary>
        private sealed class KeptStream : MemoryStream
        {
            public byte[] Bytes { get; private set; } = [];

            protected override void Dispose(bool disposing)
            {
                Bytes = ToArray();
                base.Dispose(disposing);
            }
        }
    }

    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1 + (int)(Position % 7))], cancellationToken);
    }
}
