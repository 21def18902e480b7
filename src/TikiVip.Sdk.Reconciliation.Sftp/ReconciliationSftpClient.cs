using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Renci.SshNet;
using Renci.SshNet.Common;
using TikiVip.Sdk.Reconciliation.Delivery;

namespace TikiVip.Sdk.Reconciliation.Sftp;

/// <summary>
/// Delivers reconciliation files to Tiki's SFTP server (SSH.NET). The host key must be pinned; each file goes to
/// a hidden temporary name in the inbound folder and is renamed once complete, so Tiki never sees a partial file;
/// a file already there with the same size and SHA-256 is not sent again, a different one is an error, never
/// overwritten; network failures are retried, and a connection cut mid-upload leaves nothing under the final
/// name, so the next run completes the delivery.
/// </summary>
public sealed partial class ReconciliationSftpClient : IReconciliationTransport
{
    private readonly ReconciliationSftpOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly HashSet<string> _pinned;

    /// <summary>Creates a client; nothing connects until a file is uploaded.</summary>
    /// <param name="options">The server, the credentials, the pinned host key and the paths.</param>
    /// <param name="time">The clock the retry delays use; the system's when <see langword="null"/>.</param>
    /// <param name="logger">Where uploads and retries are logged (never a secret); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A required setting is missing or invalid; the message names it.</exception>
    public ReconciliationSftpClient(ReconciliationSftpOptions options, TimeProvider? time = null, ILogger<ReconciliationSftpClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _pinned = options.HostKeySha256.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder().Handle<SocketException>().Handle<SshConnectionException>().Handle<SshOperationTimeoutException>()
                    .Handle<ProxyException>().Handle<IOException>(),
                OnRetry = args =>
                {
                    LogRetrying(_logger, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.GetType().Name ?? "?");
                    return default;
                },
            });
        }

        _retry = builder.Build();
    }

    /// <inheritdoc/>
    Task<IReadOnlyList<DeliveredFile>> IReconciliationTransport.DeliverAsync(string directory, ReconciliationResult files, CancellationToken cancellationToken) =>
        UploadAsync(directory, files, cancellationToken);

    /// <inheritdoc/>
    Task<IReadOnlyList<FetchedFile>> IReconciliationTransport.FetchResultsAsync(string localDirectory, CancellationToken cancellationToken) =>
        FetchResultsAsync(localDirectory, cancellationToken);

    /// <summary>Uploads a day's published files from the directory they were written to.</summary>
    /// <param name="directory">The directory of the <see cref="ReconciliationDirectorySink"/> that published them.</param>
    /// <param name="result">What <see cref="ReconciliationFileWriter"/> published.</param>
    /// <param name="cancellationToken">Cancels the upload; a file cut short is never visible under its name.</param>
    /// <returns>One entry per file, in order.</returns>
    /// <exception cref="ReconciliationException">A local file is not what the writer published, the host key is not pinned, authentication was refused, or a different file of that name is on the server.</exception>
    public async Task<IReadOnlyList<DeliveredFile>> UploadAsync(string directory, ReconciliationResult result, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(result);
        var uploads = new List<DeliveredFile>(result.Files.Count);
        foreach (var file in result.Files)
        {
            var upload = await UploadFileAsync(Path.Combine(directory, file.Name), cancellationToken).ConfigureAwait(false);
            if (upload.Sha256 != file.Sha256)
            {
                throw new ReconciliationException($"{file.Name} on disk is not the file the writer published (SHA-256 {upload.Sha256}, expected {file.Sha256}).");
            }

            uploads.Add(upload);
        }

        return uploads;
    }

    /// <summary>Uploads one file to the inbound folder, under its own name.</summary>
    /// <param name="localPath">The file to send.</param>
    /// <param name="cancellationToken">Cancels the upload; a file cut short is never visible under its name.</param>
    /// <returns>What is on the server now.</returns>
    /// <exception cref="ReconciliationException">The host key is not pinned, authentication was refused, or a different file of that name is on the server.</exception>
    public async Task<DeliveredFile> UploadFileAsync(string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        var name = Path.GetFileName(localPath);
        var (size, sha256) = await DescribeAsync(localPath, cancellationToken).ConfigureAwait(false);
        var upload = await _retry.ExecuteAsync(
            static async (state, ct) => await state.Client.UploadOnceAsync(state.LocalPath, state.Name, state.Size, state.Sha256, ct).ConfigureAwait(false),
            (Client: this, LocalPath: localPath, Name: name, Size: size, Sha256: sha256),
            cancellationToken).ConfigureAwait(false);
        LogUploaded(_logger, name, upload.RemotePath, size, upload.AlreadyPresent);
        return upload;
    }

    /// <summary>
    /// Fetches Tiki's result files from the outbound folder into <paramref name="localDirectory"/>: those not
    /// fetched before, and those Tiki rewrote since (another size or modification time). Each is downloaded to a
    /// hidden temporary name and moved into place whole, keeping the server's modification time, so the local
    /// folder itself remembers what was fetched. Hidden files (names starting with a dot) are skipped.
    /// </summary>
    /// <param name="localDirectory">Where the raw files are kept; created when missing.</param>
    /// <param name="cancellationToken">Cancels the fetch; a file cut short is never visible under its name.</param>
    /// <returns>The files fetched this time, in name order (empty when nothing is new).</returns>
    /// <exception cref="ReconciliationException">The host key is not pinned, authentication was refused, or the outbound folder does not exist.</exception>
    public async Task<IReadOnlyList<FetchedFile>> FetchResultsAsync(string localDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localDirectory);
        Directory.CreateDirectory(localDirectory);
        var fetched = await _retry.ExecuteAsync(
            static async (state, ct) => await state.Client.FetchOnceAsync(state.Directory, ct).ConfigureAwait(false),
            (Client: this, Directory: localDirectory),
            cancellationToken).ConfigureAwait(false);
        foreach (var download in fetched)
        {
            LogFetched(_logger, download.Name, download.ByteCount);
        }

        return fetched;
    }

    private async ValueTask<IReadOnlyList<FetchedFile>> FetchOnceAsync(string localDirectory, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var outbound = _options.OutboundPath.TrimEnd('/');
        var remote = new List<Renci.SshNet.Sftp.ISftpFile>();
        try
        {
            await foreach (var entry in client.ListDirectoryAsync(outbound, cancellationToken).ConfigureAwait(false))
            {
                if (entry.IsRegularFile && !entry.Name.StartsWith('.'))
                {
                    remote.Add(entry);
                }
            }
        }
        catch (SftpPathNotFoundException ex)
        {
            throw new ReconciliationException($"The outbound folder {outbound} does not exist on {_options.Host}.", null, ex);
        }

        var downloads = new List<FetchedFile>();
        foreach (var entry in remote.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var local = Path.Combine(localDirectory, entry.Name);
            var modified = new DateTimeOffset(entry.LastWriteTimeUtc, TimeSpan.Zero);
            var known = new FileInfo(local);
            if (known.Exists && known.Length == entry.Length && known.LastWriteTimeUtc == entry.LastWriteTimeUtc)
            {
                continue; // fetched before, unchanged since
            }

            var temporary = Path.Combine(localDirectory, $".{entry.Name}.{Guid.NewGuid():N}.partial");
            try
            {
                var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    await client.DownloadFileAsync(entry.FullName, file, cancellationToken).ConfigureAwait(false);
                }

                File.SetLastWriteTimeUtc(temporary, entry.LastWriteTimeUtc);
                File.Move(temporary, local, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }

            downloads.Add(new FetchedFile(entry.Name, local, entry.Length, modified));
        }

        return downloads;
    }

    private async ValueTask<DeliveredFile> UploadOnceAsync(string localPath, string name, long size, string sha256, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var inbound = _options.InboundPath.TrimEnd('/');
        var final = inbound + "/" + name;
        await DeleteStaleTemporariesAsync(client, inbound, name, cancellationToken).ConfigureAwait(false);
        if (await client.ExistsAsync(final, cancellationToken).ConfigureAwait(false))
        {
            return await ExistingAsync(client, final, name, size, sha256, cancellationToken).ConfigureAwait(false);
        }

        var temporary = $"{inbound}/.{name}.{Guid.NewGuid():N}.partial";
        try
        {
            var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (local.ConfigureAwait(false))
            {
                await client.UploadFileAsync(local, temporary, false, null, cancellationToken).ConfigureAwait(false); // never overwrite
            }

            var uploaded = await client.GetAttributesAsync(temporary, cancellationToken).ConfigureAwait(false);
            if (uploaded.Size != size)
            {
                throw new IOException($"{name} arrived with {uploaded.Size} of {size} bytes.");
            }

            // SFTP's rename refuses an existing target: a file published meanwhile is never replaced.
            await client.RenameFileAsync(temporary, final, cancellationToken).ConfigureAwait(false);
            return new DeliveredFile(name, final, size, sha256, alreadyPresent: false);
        }
        catch (SftpPathNotFoundException ex)
        {
            throw new ReconciliationException($"The inbound folder {inbound} does not exist on {_options.Host}.", null, ex);
        }
        catch (Exception) when (client.IsConnected)
        {
            await TryDeleteAsync(client, temporary).ConfigureAwait(false);
            if (await client.ExistsAsync(final, CancellationToken.None).ConfigureAwait(false))
            {
                return await ExistingAsync(client, final, name, size, sha256, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>A file of that name is on the server: the same bytes are a finished delivery, other bytes an error.</summary>
    private static async ValueTask<DeliveredFile> ExistingAsync(SftpClient client, string final, string name, long size, string sha256, CancellationToken cancellationToken)
    {
        var attributes = await client.GetAttributesAsync(final, cancellationToken).ConfigureAwait(false);
        if (attributes.Size == size)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var remote = new HashingStream(hash);
            await using (remote.ConfigureAwait(false))
            {
                await client.DownloadFileAsync(final, remote, cancellationToken).ConfigureAwait(false);
            }

            if (string.Equals(Convert.ToHexString(hash.GetHashAndReset()), sha256, StringComparison.OrdinalIgnoreCase))
            {
                return new DeliveredFile(name, final, size, sha256, alreadyPresent: true);
            }
        }

        throw new ReconciliationException(
            $"{final} already exists on the server with different content ({attributes.Size} bytes); it is not overwritten. Ask Tiki before sending a corrected file under another number.");
    }

    /// <summary>
    /// Reads the private key file. A missing or unreadable file is a local configuration error, never retried as
    /// if the network had failed (it would be, as an IOException).
    /// </summary>
    private PrivateKeyFile LoadKey(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReconciliationException($"The SFTP private key file '{path}' does not exist; check PrivateKeyPath (--sftp-key).");
        }

        try
        {
            return new PrivateKeyFile(path, _options.PrivateKeyPassphrase);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReconciliationException($"The SFTP private key file '{path}' cannot be read: {ex.Message}", null, ex);
        }
    }

    private async Task<SftpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var methods = new List<AuthenticationMethod>();
        var keys = new List<PrivateKeyFile>();
        if (_options.PrivateKey is { } key)
        {
            keys.Add(new PrivateKeyFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(key)), _options.PrivateKeyPassphrase));
        }
        else if (_options.PrivateKeyPath is { } path)
        {
            keys.Add(LoadKey(path));
        }

        if (keys.Count > 0)
        {
            methods.Add(new PrivateKeyAuthenticationMethod(_options.Username, [.. keys]));
        }

        if (_options.Password is { } password)
        {
            methods.Add(new PasswordAuthenticationMethod(_options.Username, password));
        }

        var connection = new ConnectionInfo(_options.Host, _options.Port, _options.Username, [.. methods]) { Timeout = _options.ConnectTimeout };
        var client = new SftpClient(connection) { OperationTimeout = _options.OperationTimeout };
        string? refused = null;
        client.HostKeyReceived += (_, e) =>
        {
            var seen = Normalize(e.FingerPrintSHA256);
            e.CanTrust = _pinned.Contains(seen);
            refused = e.CanTrust ? null : seen;
        };
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (Exception ex) when (refused is not null)
        {
            client.Dispose();
            throw new ReconciliationException(
                $"The SFTP server {_options.Host}:{_options.Port} presented host key {refused}, which is not pinned; nothing was sent. " +
                "If Tiki changed its key, confirm the fingerprint with Tiki and add it to HostKeySha256.", null, ex);
        }
        catch (SshAuthenticationException ex)
        {
            client.Dispose();
            throw new ReconciliationException($"The SFTP server {_options.Host}:{_options.Port} refused the credentials of user {_options.Username}.", null, ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task DeleteStaleTemporariesAsync(SftpClient client, string inbound, string name, CancellationToken cancellationToken)
    {
        // Left by an earlier run whose connection was cut; only this client writes names like these.
        await foreach (var entry in client.ListDirectoryAsync(inbound, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Name.StartsWith("." + name + ".", StringComparison.Ordinal) && entry.Name.EndsWith(".partial", StringComparison.Ordinal))
            {
                await TryDeleteAsync(client, entry.FullName).ConfigureAwait(false);
            }
        }
    }

    private static async Task TryDeleteAsync(SftpClient client, string path)
    {
        try
        {
            await client.DeleteFileAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SftpPathNotFoundException or SshException or IOException)
        {
            // Gone already, or the connection with it; the next run cleans up.
        }
    }

    private static async Task<(long Size, string Sha256)> DescribeAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ReconciliationException($"{path} does not exist.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return (stream.Length, Convert.ToHexString(hash).ToLowerInvariant());
        }
    }

    private static string Normalize(string fingerprint)
    {
        var value = fingerprint.Trim();
        value = value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
        return "SHA256:" + value.TrimEnd('=');
    }

    /// <summary>Throws when any setting is wrong, naming every one (<see cref="ReconciliationSftpOptions.Validate"/>).</summary>
    internal static void Validate(ReconciliationSftpOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
    }

    [LoggerMessage(EventId = 3001, EventName = "SftpUploaded", Level = LogLevel.Information, Message = "Reconciliation file {Name} is on Tiki's server at {RemotePath} ({Bytes} bytes, already there: {AlreadyPresent}).")]
    private static partial void LogUploaded(ILogger logger, string name, string remotePath, long bytes, bool alreadyPresent);

    [LoggerMessage(EventId = 3003, EventName = "SftpFetched", Level = LogLevel.Information, Message = "Fetched Tiki's result file {Name} ({Bytes} bytes).")]
    private static partial void LogFetched(ILogger logger, string name, long bytes);

    [LoggerMessage(EventId = 3002, EventName = "SftpRetrying", Level = LogLevel.Warning, Message = "Uploading to Tiki's SFTP server failed ({Reason}); attempt {Attempt} in {DelayMs} ms.")]
    private static partial void LogRetrying(ILogger logger, int attempt, long delayMs, string reason);

    /// <summary>A write-only stream that only hashes, so a remote file is compared without keeping it.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            hash.AppendData(buffer, offset, count);
            _length += count;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
