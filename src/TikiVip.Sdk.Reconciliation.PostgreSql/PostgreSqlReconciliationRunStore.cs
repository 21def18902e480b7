using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Reconciliation.PostgreSql;

/// <summary>
/// The daily reconciliation job's runs on PostgreSQL, shared by every instance: a day's row carries its lease, so
/// exactly one instance works on it at a time, and its recorded state lets whichever instance comes next resume.
/// </summary>
internal sealed class PostgreSqlReconciliationRunStore : IReconciliationRunStore, ITikiVipStore
{
    public bool IsSharedByInstances => true;

    public string StorageDescription => StorageDescriptions.PostgreSql;

    private const string Columns =
        "partner_name, run_date, state, files, written_at, uploaded_at, matched_at, result_fingerprint, mismatches, report_path, failed_attempts, error, updated_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;

    public PostgreSqlReconciliationRunStore(TikiVipDataSource dataSource, IOptions<TikiVipPostgreSqlOptions> options)
        : this(dataSource.Value, options.Value.Schema)
    {
    }

    internal PostgreSqlReconciliationRunStore(NpgsqlDataSource dataSource, string schema)
    {
        _dataSource = dataSource;
        // The schema name is validated by UsePostgreSql (a plain lowercase identifier), so quoting it is enough.
        _table = "\"" + schema + "\".reconciliation_runs";
    }

    public async Task<ReconciliationRun?> TryAcquireAsync(string partnerName, DateOnly day, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        // One statement: the row is created, or its lease taken when free, expired or already ours; else nothing returns.
        using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_table} AS r (partner_name, run_date, lease_owner, lease_until, updated_at)
            VALUES (@partner, @day, @owner, @until, @now)
            ON CONFLICT (partner_name, run_date) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
              WHERE r.lease_owner IS NULL OR r.lease_owner = EXCLUDED.lease_owner OR r.lease_until < @now
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("partner", partnerName);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("until", leaseUntil.ToUniversalTime());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        var runs = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return runs.Count == 1 ? runs[0] : null;
    }

    public async Task<bool> RenewAsync(string partnerName, DateOnly day, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET lease_until = @until WHERE partner_name = @partner AND run_date = @day AND lease_owner = @owner
            """);
        command.Parameters.AddWithValue("partner", partnerName);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("until", leaseUntil.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> SaveAsync(ReconciliationRun run, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET state = @state, files = @files, written_at = @writtenAt, uploaded_at = @uploadedAt, matched_at = @matchedAt,
                result_fingerprint = @fingerprint, mismatches = @mismatches, report_path = @reportPath, failed_attempts = @failedAttempts,
                error = @error, updated_at = @updatedAt
            WHERE partner_name = @partner AND run_date = @day AND lease_owner = @owner
            """);
        command.Parameters.AddWithValue("partner", run.PartnerName);
        command.Parameters.AddWithValue("day", run.Date);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("state", (short)run.State);
        command.Parameters.Add(new NpgsqlParameter<string>("files", WriteFiles(run.Files)) { NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(Nullable("writtenAt", run.WrittenAt));
        command.Parameters.Add(Nullable("uploadedAt", run.UploadedAt));
        command.Parameters.Add(Nullable("matchedAt", run.MatchedAt));
        command.Parameters.Add(new NpgsqlParameter<string?>("fingerprint", run.ResultFingerprint) { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long?>("mismatches", run.Mismatches) { NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<string?>("reportPath", run.ReportPath) { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue("failedAttempts", run.FailedAttempts);
        command.Parameters.Add(new NpgsqlParameter<string?>("error", run.Error) { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue("updatedAt", run.UpdatedAt.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseAsync(string partnerName, DateOnly day, string owner, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET lease_owner = NULL, lease_until = NULL WHERE partner_name = @partner AND run_date = @day AND lease_owner = @owner
            """);
        command.Parameters.AddWithValue("partner", partnerName);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("owner", owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReconciliationRun>> GetRunsAsync(string partnerName, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM {_table} WHERE partner_name = @partner AND run_date BETWEEN @first AND @last ORDER BY run_date
            """);
        command.Parameters.AddWithValue("partner", partnerName);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("last", last);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // Npgsql writes timestamptz from UTC values only.
    private static NpgsqlParameter<DateTimeOffset?> Nullable(string name, DateTimeOffset? value) => new(name, value?.ToUniversalTime()) { NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static async Task<List<ReconciliationRun>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<ReconciliationRun>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(new ReconciliationRun
                {
                    PartnerName = reader.GetString(0),
                    Date = reader.GetFieldValue<DateOnly>(1),
                    State = (ReconciliationRunState)reader.GetInt16(2),
                    Files = ReadFiles(reader.GetString(3)),
                    WrittenAt = Optional(reader, 4),
                    UploadedAt = Optional(reader, 5),
                    MatchedAt = Optional(reader, 6),
                    ResultFingerprint = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Mismatches = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                    ReportPath = reader.IsDBNull(9) ? null : reader.GetString(9),
                    FailedAttempts = reader.GetInt32(10),
                    Error = reader.IsDBNull(11) ? null : reader.GetString(11),
                    UpdatedAt = reader.GetFieldValue<DateTimeOffset>(12),
                });
            }
        }

        return runs;
    }

    private static DateTimeOffset? Optional(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string WriteFiles(IReadOnlyList<ReconciliationFile> files)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var file in files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Name);
                json.WriteNumber("rows", file.RowCount);
                json.WriteNumber("bytes", file.ByteCount);
                json.WriteString("sha256", file.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<ReconciliationFile> ReadFiles(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(f => new ReconciliationFile(f.GetProperty("name").GetString()!, f.GetProperty("rows").GetInt64(), f.GetProperty("bytes").GetInt64(), f.GetProperty("sha256").GetString()!))
            .ToList();
    }
}
