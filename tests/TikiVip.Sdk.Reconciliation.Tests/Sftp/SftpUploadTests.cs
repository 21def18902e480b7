using System.Security.Cryptography;
using System.Text;
using TikiVip.Sdk.Reconciliation.Sftp;

namespace TikiVip.Sdk.Reconciliation.Tests.Sftp;

/// <summary>Delivery to a real OpenSSH SFTP server on loopback (API reference, "5. Reconciliation file": /IF_TIKI_VIP/INBOUND).</summary>
public sealed class SftpUploadTests : IDisposable
{
    private readonly string _local = Path.Combine(Path.GetTempPath(), "tikivip-sftp-" + Guid.NewGuid().ToString("N"));
    private readonly string _partner = "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(); // a partner name of its own per test

    public SftpUploadTests() => Directory.CreateDirectory(_local);

    public void Dispose()
    {
        Directory.Delete(_local, recursive: true);
        if (SftpServer.IsConfigured)
        {
            foreach (var file in Directory.GetFiles(SftpServer.Inbound, $"*{_partner}*"))
            {
                File.Delete(file);
            }
        }
    }

    [SftpFact]
    public async Task A_written_day_is_uploaded_under_its_name_and_nothing_else_is_left_on_the_server()
    {
        var result = await WriteDayAsync(rows: 1_000);

        var uploads = await Client().UploadAsync(_local, result);

        var upload = Assert.Single(uploads);
        Assert.False(upload.AlreadyPresent);
        Assert.Equal($"/IF_TIKI_VIP/INBOUND/{result.Files[0].Name}", upload.RemotePath);
        var onServer = await File.ReadAllBytesAsync(Path.Combine(SftpServer.Inbound, result.Files[0].Name));
        Assert.Equal(result.Files[0].Sha256, Convert.ToHexStringLower(SHA256.HashData(onServer)));
        Assert.Equal([result.Files[0].Name], ServerFiles().Select(Path.GetFileName));
    }

    [SftpFact]
    public async Task A_reader_polling_the_inbound_folder_never_sees_a_partial_file()
    {
        var result = await WriteDayAsync(rows: 150_000); // several megabytes
        var final = Path.Combine(SftpServer.Inbound, result.Files[0].Name);
        var expected = result.Files[0].ByteCount;
        using var done = new CancellationTokenSource();
        var sightings = 0;
        var poller = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                if (File.Exists(final))
                {
                    Assert.Equal(expected, new FileInfo(final).Length); // whole, or not there at all
                    sightings++;
                }

                await Task.Delay(1);
            }
        });

        await Client().UploadAsync(_local, result);
        await Task.Delay(20);
        await done.CancelAsync();
        await poller;

        Assert.True(sightings > 0);
    }

    [SftpFact]
    public async Task Uploading_again_is_idempotent_and_a_different_file_of_the_same_name_is_refused()
    {
        var result = await WriteDayAsync(rows: 10);
        var client = Client();
        await client.UploadAsync(_local, result);

        var again = Assert.Single(await client.UploadAsync(_local, result));
        Assert.True(again.AlreadyPresent);

        var path = Path.Combine(_local, result.Files[0].Name);
        await File.AppendAllTextAsync(path, "T-extra,P-extra,1,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n");
        var ex = await Assert.ThrowsAsync<ReconciliationException>(() => client.UploadFileAsync(path));

        Assert.Contains("already exists on the server with different content", ex.Message);
        Assert.Equal(result.Files[0].Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(SftpServer.Inbound, result.Files[0].Name)))));
    }

    [SftpFact]
    public async Task An_unpinned_host_key_is_refused_showing_the_fingerprint_seen_and_nothing_is_sent()
    {
        var result = await WriteDayAsync(rows: 5);
        var client = Client(o => o.HostKeySha256 = ["SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]);

        var ex = await Assert.ThrowsAsync<ReconciliationException>(() => client.UploadAsync(_local, result));

        Assert.Contains($"presented host key {SftpServer.Setting("HostKeySha256")}", ex.Message);
        Assert.Contains("not pinned", ex.Message);
        Assert.Empty(ServerFiles());
    }

    [SftpFact]
    public async Task Bad_credentials_are_refused_without_the_secret_in_the_message()
    {
        var result = await WriteDayAsync(rows: 5);
        var client = Client(o =>
        {
            o.PrivateKeyPath = null;
            o.Password = "not-the-password-9f2c";
        });

        var ex = await Assert.ThrowsAsync<ReconciliationException>(() => client.UploadAsync(_local, result));

        Assert.Contains("refused the credentials of user", ex.Message);
        Assert.DoesNotContain("not-the-password-9f2c", ex.ToString());
        Assert.Empty(ServerFiles());
    }

    [SftpFact]
    public async Task Password_authentication_works_too()
    {
        var result = await WriteDayAsync(rows: 5);

        var upload = Assert.Single(await Client(o => o.PrivateKeyPath = null).UploadAsync(_local, result));

        Assert.False(upload.AlreadyPresent);
    }

    [SftpFact]
    public async Task A_connection_cut_mid_upload_leaves_nothing_under_the_final_name_and_the_next_run_completes()
    {
        var result = await WriteDayAsync(rows: 100_000);
        await using (var proxy = new CuttingProxy(SftpServer.Setting("Host"), int.Parse(SftpServer.Setting("Port"), System.Globalization.CultureInfo.InvariantCulture), cutAfterBytes: 1_000_000))
        {
            var cut = Client(o =>
            {
                o.Port = proxy.Port;
                o.MaxRetryAttempts = 0;
                o.OperationTimeout = TimeSpan.FromSeconds(10);
            });

            await Assert.ThrowsAnyAsync<Exception>(() => cut.UploadAsync(_local, result));
        }

        Assert.False(File.Exists(Path.Combine(SftpServer.Inbound, result.Files[0].Name)));

        var upload = Assert.Single(await Client().UploadAsync(_local, result));

        Assert.False(upload.AlreadyPresent);
        Assert.Equal(result.Files[0].Sha256, upload.Sha256);
        await WaitForNoTemporariesAsync(); // the cut run's temporary file is cleaned up by the next run
    }

    [Fact]
    public void Host_key_pinning_is_mandatory()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReconciliationSftpClient(new ReconciliationSftpOptions
        {
            Host = "sftp.tiki.vn",
            Username = "acme",
            Password = "secret",
        }));

        Assert.Contains("HostKeySha256 is required", ex.Message);
        Assert.Contains("no trust on first use", ex.Message);
    }

    [Fact]
    public void The_options_never_show_their_secrets()
    {
        var text = new ReconciliationSftpOptions { Host = "h", Username = "u", Password = "pw-123", PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----x" }.ToString();

        Assert.DoesNotContain("pw-123", text);
        Assert.DoesNotContain("BEGIN", text);
    }

    private static ReconciliationSftpClient Client(Action<ReconciliationSftpOptions>? configure = null)
    {
        var options = new ReconciliationSftpOptions
        {
            Host = SftpServer.Setting("Host"),
            Port = int.Parse(SftpServer.Setting("Port"), System.Globalization.CultureInfo.InvariantCulture),
            Username = SftpServer.Setting("Username"),
            PrivateKeyPath = SftpServer.Setting("PrivateKeyPath"),
            Password = SftpServer.Setting("Password"),
            HostKeySha256 = [SftpServer.Setting("HostKeySha256")],
            RetryDelay = TimeSpan.FromMilliseconds(50),
        };
        if (configure is not null)
        {
            options.Password = null; // each test states the credentials it means
            options.PrivateKeyPath = SftpServer.Setting("PrivateKeyPath");
            configure(options);
            if (options.PrivateKeyPath is null && options.Password is null)
            {
                options.Password = SftpServer.Setting("Password");
            }
        }

        return new ReconciliationSftpClient(options);
    }

    private async Task<ReconciliationResult> WriteDayAsync(int rows)
    {
        var day = new DateOnly(2026, 11, 21);
        var noon = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(7));
        var records = Enumerable.Range(1, rows).Select(i => new ReconciliationRecord
        {
            TikiTransactionId = $"221121TIKIVIP-{i}-1", TransactionId = $"ORDER-{i}", Amount = 1000 + i,
            Status = TikiVipTransactionStatus.Success, CreatedAt = noon, UpdatedAt = noon,
        });
        return await new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = _partner, Date = day })
            .WriteAsync(records, new ReconciliationDirectorySink(_local));
    }

    private string[] ServerFiles() => Directory.GetFiles(SftpServer.Inbound).Where(f => f.Contains(_partner, StringComparison.Ordinal)).ToArray();

    private async Task WaitForNoTemporariesAsync()
    {
        for (var i = 0; i < 100 && ServerFiles().Any(f => f.EndsWith(".partial", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain(ServerFiles(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }
}
