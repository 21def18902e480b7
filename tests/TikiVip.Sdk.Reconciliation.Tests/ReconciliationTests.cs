using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using TikiVip.Sdk.Reconciliation;

namespace TikiVip.Sdk.Reconciliation.Tests;

/// <summary>Reconciliation files (API reference, "5. Reconciliation file").</summary>
public sealed class ReconciliationTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 11, 21);
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(7));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tikivip-recon-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_has_the_header_the_documented_columns_and_tikis_name()
    {
        var writer = new ReconciliationFileWriter(Options());
        var sink = new ReconciliationDirectorySink(_directory);

        var result = await writer.WriteAsync([Record("221121TIKIVIP-1-1", "P-1", 100000, createdAt: Noon.ToUniversalTime())], sink);

        var file = Assert.Single(result.Files);
        Assert.Equal("tikivip_ACME_20261121_1", file.Name);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory, file.Name));
        Assert.Equal(
            "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n" +
            "221121TIKIVIP-1-1,P-1,100000,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:05:00+07:00\r\n",
            Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        Assert.Equal(1, file.RowCount);
        Assert.Equal(bytes.Length, file.ByteCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        Assert.Equal([file.Name], Leftovers().Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_full_disk_reports_its_own_error_and_discards_the_set()
    {
        var sink = new FullDiskSink(failAfterBytes: 100_000);

        var ex = await Assert.ThrowsAsync<IOException>(() => new ReconciliationFileWriter(Options()).WriteAsync(Rows(10_000), sink));

        Assert.Equal("No space left on device (write)", ex.Message); // the first error, not the one closing the file raises
        Assert.Equal(1, sink.Discarded);
        Assert.Empty(sink.Published);
    }

    [Fact]
    public async Task A_failing_record_source_leaves_no_partial_file()
    {
        static async IAsyncEnumerable<ReconciliationRecord> Failing()
        {
            foreach (var record in Rows(1_000))
            {
                yield return record;
            }

            await Task.Yield();
            throw new InvalidOperationException("the partner's database went away");
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ReconciliationFileWriter(Options(maxLines: 300 + 1)).WriteAsync(Failing(), new ReconciliationDirectorySink(_directory)));

        Assert.Equal("the partner's database went away", ex.Message);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task Two_writers_for_the_same_day_never_corrupt_each_other_the_second_fails_clearly()
    {
        var release = new TaskCompletionSource();
        async IAsyncEnumerable<ReconciliationRecord> Slow()
        {
            foreach (var record in Rows(500))
            {
                yield return record;
            }

            await release.Task; // the first writer holds the day while the second starts
            foreach (var record in Rows(500, first: 500))
            {
                yield return record;
            }
        }

        var first = new ReconciliationFileWriter(Options()).WriteAsync(Slow(), new ReconciliationDirectorySink(_directory));
        var second = await Assert.ThrowsAsync<ReconciliationException>(() =>
            new ReconciliationFileWriter(Options()).WriteAsync(Rows(3), new ReconciliationDirectorySink(_directory)));
        release.SetResult();
        var result = await first;

        Assert.Contains("Another writer is writing tikivip_ACME_20261121", second.Message);
        var file = Assert.Single(result.Files);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory, file.Name));
        Assert.Equal(1_000, file.RowCount);
        Assert.Equal(bytes.Length, file.ByteCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        Assert.Equal(1_000, (await ReadAllAsync(bytes)).Count);
        Assert.Equal([file.Name], Leftovers().Select(Path.GetFileName));

        var later = await new ReconciliationFileWriter(Options(firstNumber: 2)).WriteAsync(Rows(3), new ReconciliationDirectorySink(_directory));
        Assert.Equal("tikivip_ACME_20261121_2", Assert.Single(later.Files).Name); // the lock is released after the first
    }

    [Fact]
    public async Task A_lone_surrogate_is_refused_with_the_row_and_the_field()
    {
        var records = Rows(4).Concat([Record("T-\ud83d", "P", 1)]);

        var ex = await Assert.ThrowsAsync<ReconciliationException>(() => new ReconciliationFileWriter(Options()).WriteAsync(records, new MemorySink()));

        Assert.Equal(5, ex.RowNumber);
        Assert.Contains("tiki_transaction_id is not valid UTF-16: a lone surrogate at index 2", ex.Message);
    }

    [Fact]
    public async Task Ids_in_error_messages_are_shortened_and_their_line_breaks_escaped()
    {
        var huge = new string('X', 200_000) + "\r\n";

        var ex = await Assert.ThrowsAsync<ReconciliationException>(() =>
            new ReconciliationFileWriter(Options()).WriteAsync([Record("T", huge, -1)], new MemorySink()));

        Assert.True(ex.Message.Length < 400, ex.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("\r", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
        Assert.Contains("(200002 characters)", ex.Message);
    }

    [Theory]
    [InlineData("Iso8601", "2026-11-21T12:00:00+07:00", false)]
    [InlineData("Iso8601Milliseconds", "2026-11-21T12:00:00.250+07:00", true)]
    [InlineData("LocalDateTime", "2026-11-21 12:00:00", false)]
    [InlineData("LocalDateTimeMilliseconds", "2026-11-21 12:00:00.250", true)]
    [InlineData("dd/MM/yyyy HH:mm:ss", "21/11/2026 12:00:00", false)]
    [InlineData("yyyyMMddHHmmssfff", "20261121120000250", true)]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.fffzzz", "2026-11-21T12:00:00.250+07:00", true)]
    public async Task Timestamps_are_written_in_the_agreed_format_and_read_back(string format, string expected, bool keepsMilliseconds)
    {
        var sink = new MemorySink();
        var at = Noon.AddMilliseconds(250);

        var options = Options(format: format);
        await new ReconciliationFileWriter(options).WriteAsync([Record("T", "P", 1, createdAt: at, updatedAt: at)], sink);

        var bytes = sink.Published.Single().Value;
        Assert.Contains($",{expected},{expected}\r\n", Encoding.UTF8.GetString(bytes));
        var read = new List<ReconciliationFileRow>();
        await foreach (var row in ReconciliationFileReader.ReadAsync(new MemoryStream(bytes), options.Layout))
        {
            read.Add(row);
        }

        Assert.Equal(keepsMilliseconds ? at : Noon, Assert.Single(read).CreatedAt);
    }

    [Theory]
    [InlineData("T,P,+5,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00", "transaction_amount")]
    [InlineData("T,P,-5,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00", "transaction_amount")]
    [InlineData("T,P,05,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00", "transaction_amount")]
    [InlineData("\"a\"b,P,5,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00", "RFC 4180")]
    [InlineData("a\"b,P,5,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00", "RFC 4180")]
    [InlineData("T,P,5,success,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00", "status")]
    [InlineData("T,P,5,SUCCESS,2026-11-21T12:00:00+07:00,2026-02-30T12:00:00+07:00", "updated_at")]
    [InlineData(",P,5,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00", "Tiki's transaction id")]
    public async Task The_reader_is_as_strict_as_the_writer(string row, string expected)
    {
        var text = "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n" + row + "\r\n";

        var ex = await Assert.ThrowsAsync<ReconciliationException>(() => ReadAllAsync(Encoding.UTF8.GetBytes(text)));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task Hostile_values_survive_a_round_trip()
    {
        string[] hostile = ["a,b", "say \"hi\"", "line1\nline2", "cr\rlf\r\n", "\"", ",", "Khách hàng huỷ gói", " padded ", "emoji 💳", "", "\"\",\"\""];
        var options = Options(extraColumns: ["note"]);
        var records = hostile.Select((value, i) => Record($"T{i}", value.Length == 0 ? "P" : value, i + 1, extra: new Dictionary<string, string> { ["note"] = value })).ToList();
        var sink = new MemorySink();

        await new ReconciliationFileWriter(options).WriteAsync(records, sink);
        var read = await ReadAllAsync(sink.Published.Single().Value, options.Layout);

        Assert.Equal(records.Select(r => (r.TikiTransactionId, r.TransactionId, r.Amount, r.Status, r.CreatedAt, r.UpdatedAt, r.Extras["note"])),
            read.Select(r => r.ToRecord()).Select(r => (r.TikiTransactionId, r.TransactionId, r.Amount, r.Status, r.CreatedAt, r.UpdatedAt, r.Extras["note"])));
    }

    [Fact]
    public async Task Exactly_499999_rows_under_a_header_make_one_file_of_500000_lines()
    {
        var sink = new CountingSink();

        var result = await new ReconciliationFileWriter(Options()).WriteAsync(Rows(499_999), sink);

        Assert.Equal([499_999L], result.Files.Select(f => f.RowCount));
        Assert.Equal(500_000, sink.Lines);
        Assert.Equal(["tikivip_ACME_20261121_1"], sink.Published);
    }

    [Fact]
    public async Task Row_500000_starts_a_second_file_with_its_own_header_so_no_file_exceeds_tikis_500000_lines()
    {
        var sink = new CountingSink();

        var result = await new ReconciliationFileWriter(Options()).WriteAsync(Rows(500_000), sink);

        Assert.Equal([499_999L, 1L], result.Files.Select(f => f.RowCount));
        Assert.Equal(["tikivip_ACME_20261121_1", "tikivip_ACME_20261121_2"], sink.Published);
        Assert.Equal(2, sink.HeaderCount);
        Assert.Equal(500_000, result.TotalRows);
    }

    [Fact]
    public async Task A_lower_limit_splits_into_numbered_files_that_read_back_in_order()
    {
        var sink = new MemorySink();
        var options = Options(maxLines: 4, extension: ".csv", firstNumber: 2);

        var result = await new ReconciliationFileWriter(options).WriteAsync(Rows(10), sink);

        Assert.Equal(["tikivip_ACME_20261121_2.csv", "tikivip_ACME_20261121_3.csv", "tikivip_ACME_20261121_4.csv", "tikivip_ACME_20261121_5.csv"],
            result.Files.Select(f => f.Name));
        Assert.Equal([3L, 3L, 3L, 1L], result.Files.Select(f => f.RowCount));
        var ids = new List<string>();
        foreach (var file in result.Files)
        {
            ids.AddRange((await ReadAllAsync(sink.Published[file.Name])).Select(r => r.TikiTransactionId));
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"T{i}"), ids);
    }

    [Fact]
    public async Task A_day_without_transactions_gets_a_header_only_file()
    {
        var result = await new ReconciliationFileWriter(Options()).WriteAsync([], new ReconciliationDirectorySink(_directory));

        Assert.Equal(0, Assert.Single(result.Files).RowCount);
        Assert.Equal("tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n", await File.ReadAllTextAsync(Path.Combine(_directory, result.Files[0].Name)));
    }

    [Theory]
    [InlineData("2026-11-20T17:00:00Z", true)]  // 00:00:00 on the 21st in Vietnam
    [InlineData("2026-11-21T16:59:59Z", true)]  // 23:59:59 on the 21st
    [InlineData("2026-11-20T16:59:59Z", false)] // 23:59:59 on the 20th
    [InlineData("2026-11-21T17:00:00Z", false)] // 00:00:00 on the 22nd
    public async Task The_day_boundary_is_local_midnight_in_vietnam(string createdAt, bool inside)
    {
        var record = Record("T", "P", 1, createdAt: DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture));
        var write = new ReconciliationFileWriter(Options()).WriteAsync([Record("T0", "P0", 1), record], new MemorySink());

        if (inside)
        {
            Assert.Equal(2, (await write).TotalRows);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<ReconciliationException>(() => write);
            Assert.Equal(2, ex.RowNumber);
            Assert.Contains("outside 2026-11-21 (UTC+07:00)", ex.Message);
        }
    }

    [Fact]
    public async Task Timestamps_are_written_in_the_configured_offset()
    {
        var sink = new MemorySink();
        var options = Options(offset: TimeSpan.Zero);

        await new ReconciliationFileWriter(options).WriteAsync([Record("T", "P", 1, createdAt: new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero))], sink);

        Assert.Contains(",2026-11-21T23:00:00+00:00,", Encoding.UTF8.GetString(sink.Published.Single().Value));
    }

    public static TheoryData<ReconciliationRecord, string> BadRecords => new()
    {
        { Record("", "P", 1), "tiki_transaction_id is empty" },
        { Record("T", " ", 1), "transaction_id is empty" },
        { Record("T", "P", -5), "transaction_amount -5 is negative" },
        { Record("T", "P", 1, status: (TikiVipTransactionStatus)9), "status 9" },
        { Record("T", "P", 1, createdAt: Noon, updatedAt: Noon.AddMinutes(-1)), "is before created_at" },
        { Record("T", "P", 1, createdAt: Noon.AddDays(-1)), "outside 2026-11-21" },
    };

    [Fact]
    public async Task A_record_without_an_agreed_extra_field_is_named()
    {
        var ex = await Assert.ThrowsAsync<ReconciliationException>(() => new ReconciliationFileWriter(Options(extraColumns: ["channel"]))
            .WriteAsync([Record("T", "P", 1, extra: new() { ["other"] = "x" })], new ReconciliationDirectorySink(_directory)));

        Assert.Equal("Row 1: the extra field 'channel' has no value (the layout has an Extra column with ExtraKey 'channel'; set it in Extras).", ex.Message);
        Assert.Empty(Leftovers());
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task A_bad_row_is_named_and_nothing_is_left_in_the_directory(ReconciliationRecord bad, string expected)
    {
        var records = Rows(7).Concat([bad]).Concat(Rows(3));

        var ex = await Assert.ThrowsAsync<ReconciliationException>(() =>
            new ReconciliationFileWriter(Options(maxLines: 6)).WriteAsync(records, new ReconciliationDirectorySink(_directory)));

        Assert.Equal(8, ex.RowNumber);
        Assert.StartsWith("Row 8: ", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task Cancellation_midway_leaves_no_file_at_all()
    {
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ReconciliationFileWriter(Options(maxLines: 100 + 1)).WriteAsync(CancelAfter(250, cts), new ReconciliationDirectorySink(_directory), cts.Token));

        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task An_existing_file_is_never_overwritten()
    {
        Directory.CreateDirectory(_directory);
        var existing = Path.Combine(_directory, "tikivip_ACME_20261121_1");
        await File.WriteAllTextAsync(existing, "already uploaded");

        var ex = await Assert.ThrowsAsync<ReconciliationException>(() =>
            new ReconciliationFileWriter(Options()).WriteAsync(Rows(2), new ReconciliationDirectorySink(_directory)));

        Assert.Contains("already exists", ex.Message);
        Assert.Equal("already uploaded", await File.ReadAllTextAsync(existing));
        Assert.Single(Leftovers());
    }

    [Theory]
    [InlineData("")]
    [InlineData("AC_ME")]
    [InlineData("../etc")]
    [InlineData("ACME PAY")]
    public void Partner_names_that_cannot_be_part_of_the_file_name_are_refused(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = name, Date = Day }));
        Assert.Contains("PartnerName", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500_001)]
    public void The_line_limit_can_only_go_down_from_tikis_and_must_leave_room_for_a_row(int maxLines)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReconciliationFileWriter(Options(maxLines: maxLines)));
        Assert.Contains("MaxLinesPerFile must be between 2 and Tiki's 500,000 (the header counts as a line)", ex.Message);
    }

    [Theory]
    [InlineData("a,b\r\n", "The header does not follow the layout (2 columns instead of 6)")]
    [InlineData("tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\nT,P,1,SUCCESS\r\n", "found 4")]
    [InlineData("tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\nT,P,1.5,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n", "Row 1: transaction_amount (Amount) '1.5'")]
    [InlineData("tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\nT,P,1,success,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n", "Row 1: status (Status) 'success' is not SUCCESS, FAILURE, PENDING")]
    [InlineData("tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\nT,P,1,SUCCESS,2026-11-21 12:00,2026-11-21T12:00:00+07:00\r\n", "Row 1: created_at (CreatedAt) '2026-11-21 12:00' is not a timestamp like yyyy-MM-ddTHH:mm:sszzz")]
    [InlineData("tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n\"T,P", "ends inside a quoted field")]
    [InlineData("", "no header line")]
    public async Task The_reader_names_what_is_wrong(string content, string expected)
    {
        var ex = await Assert.ThrowsAsync<ReconciliationException>(() => ReadAllAsync(Encoding.UTF8.GetBytes(content)));
        Assert.Contains(expected, ex.Message);
    }

    private static ReconciliationOptions Options(
        int maxLines = ReconciliationFileLayout.TikiMaxLinesPerFile, string extension = "", int firstNumber = 1, TimeSpan? offset = null, string[]? extraColumns = null,
        string format = "Iso8601")
    {
        var layout = new ReconciliationFileLayout
        {
            TimestampFormat = format, MaxLinesPerFile = maxLines, FileExtension = extension, UtcOffset = offset ?? TimeSpan.FromHours(7),
        };
        if (extraColumns is not null)
        {
            foreach (var column in ReconciliationFileLayout.StandardColumns())
            {
                layout.Columns.Add(column);
            }

            foreach (var key in extraColumns)
            {
                layout.Columns.Add(new ReconciliationColumn { Name = key, Field = ReconciliationField.Extra, ExtraKey = key });
            }
        }

        return new() { PartnerName = "ACME", Date = Day, FirstFileNumber = firstNumber, Layout = layout };
    }

    private static ReconciliationRecord Record(
        string tikiId, string partnerId, long amount, TikiVipTransactionStatus status = TikiVipTransactionStatus.Success,
        DateTimeOffset? createdAt = null, DateTimeOffset? updatedAt = null, Dictionary<string, string>? extra = null) => new()
    {
        TikiTransactionId = tikiId,
        TransactionId = partnerId,
        Amount = amount,
        Status = status,
        CreatedAt = createdAt ?? Noon,
        UpdatedAt = updatedAt ?? (createdAt ?? Noon).AddMinutes(5),
        Extras = extra ?? [],
    };

    private static IEnumerable<ReconciliationRecord> Rows(int count, int first = 0)
    {
        for (var i = first + 1; i <= first + count; i++)
        {
            yield return Record($"T{i}", $"P{i}", 1000 + i, (TikiVipTransactionStatus)(1 + (i % 3)));
        }
    }

    private static async IAsyncEnumerable<ReconciliationRecord> CancelAfter(int rows, CancellationTokenSource cts, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in Rows(rows * 2))
        {
            if (--rows == 0)
            {
                await cts.CancelAsync();
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    private static async Task<List<ReconciliationFileRow>> ReadAllAsync(byte[] bytes, ReconciliationFileLayout? layout = null)
    {
        var list = new List<ReconciliationFileRow>();
        await foreach (var record in ReconciliationFileReader.ReadAsync(new MemoryStream(bytes), layout))
        {
            list.Add(record);
        }

        return list;
    }

    /// <summary>Everything in the directory but the day's lock file (which stays, empty, once released).</summary>
    private string[] Leftovers() =>
        Directory.Exists(_directory) ? Directory.GetFiles(_directory).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).ToArray() : [];

    /// <summary>A sink whose set publishes through callbacks, for tests that keep bytes in memory or only count.</summary>
    private abstract class TestSink : IReconciliationFileSink
    {
        public int Discarded { get; private set; }

        public ValueTask<IReconciliationFileSet> BeginAsync(string setName, CancellationToken cancellationToken) => new(new Set(this));

        protected abstract Stream Create(string fileName);

        protected abstract void Publish(IReadOnlyList<string> fileNames);

        private sealed class Set(TestSink sink) : IReconciliationFileSet
        {
            private readonly List<string> _created = [];
            private bool _published;

            public ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken)
            {
                _created.Add(fileName);
                return new(sink.Create(fileName));
            }

            public ValueTask PublishAsync(CancellationToken cancellationToken)
            {
                sink.Publish(_created);
                _published = true;
                return default;
            }

            public ValueTask DisposeAsync()
            {
                if (!_published)
                {
                    sink.Discarded++;
                }

                return default;
            }
        }
    }

    /// <summary>A disk that fills up: writes fail after a number of bytes, and so does every later flush or close.</summary>
    private sealed class FullDiskSink(int failAfterBytes) : TestSink
    {
        public List<string> Published { get; } = [];

        protected override Stream Create(string fileName) => new FullDiskStream(failAfterBytes);

        protected override void Publish(IReadOnlyList<string> fileNames) => Published.AddRange(fileNames);

        private sealed class FullDiskStream(int capacity) : MemoryStream
        {
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
                Length + buffer.Length > capacity ? throw new IOException("No space left on device (write)") : base.WriteAsync(buffer, cancellationToken);

            public override Task FlushAsync(CancellationToken cancellationToken) => throw new IOException("No space left on device (flush)");

            public override async ValueTask DisposeAsync()
            {
                await base.DisposeAsync();
                throw new IOException("No space left on device (close)");
            }
        }
    }

    /// <summary>Keeps published files in memory.</summary>
    private sealed class MemorySink : TestSink
    {
        private readonly Dictionary<string, MemoryStream> _open = [];

        public Dictionary<string, byte[]> Published { get; } = [];

        protected override Stream Create(string fileName)
        {
            var stream = new MemoryStream();
            _open[fileName] = stream;
            return stream;
        }

        protected override void Publish(IReadOnlyList<string> fileNames)
        {
            foreach (var name in fileNames)
            {
                Published[name] = _open[name].ToArray();
            }
        }
    }

    /// <summary>Counts header lines instead of keeping the bytes, for files of half a million rows.</summary>
    private sealed class CountingSink : TestSink
    {
        private static readonly byte[] Header = Encoding.UTF8.GetBytes("tiki_transaction_id,");

        public List<string> Published { get; } = [];

        public int HeaderCount { get; private set; }

        public long Lines { get; private set; }

        protected override Stream Create(string fileName) => new HeaderCountingStream(this);

        protected override void Publish(IReadOnlyList<string> fileNames) => Published.AddRange(fileNames);

        private sealed class HeaderCountingStream(CountingSink sink) : Stream
        {
            private bool _first = true;

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (_first && buffer.StartsWith(Header))
                {
                    sink.HeaderCount++;
                }

                sink.Lines += buffer.Count((byte)'\n');

                _first = false;
            }

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Write(buffer.Span);
                return default;
            }

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
