namespace TikiVip.Sdk.Reconciliation.Sftp;

/// <summary>How to reach Tiki's SFTP server (API reference, "5. Reconciliation file"). Secrets never appear in <see cref="ToString"/>.</summary>
public sealed class ReconciliationSftpOptions
{
    /// <summary>The server's host name or address. Required.</summary>
    public string Host { get; set; } = "";

    /// <summary>The server's port. Default: 22.</summary>
    public int Port { get; set; } = 22;

    /// <summary>The user Tiki created for the partner. Required.</summary>
    public string Username { get; set; } = "";

    /// <summary>The user's password, when Tiki authenticates by password.</summary>
    public string? Password { get; set; }

    /// <summary>A private key file (OpenSSH format), when Tiki authenticates by key.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The private key itself (OpenSSH format text), e.g. from a secret store, instead of <see cref="PrivateKeyPath"/>.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The private key's passphrase, if it has one.</summary>
    public string? PrivateKeyPassphrase { get; set; }

    /// <summary>
    /// The SHA-256 fingerprints of the server's host key that are trusted, as <c>ssh-keygen -l -E sha256</c> prints
    /// them (<c>SHA256:...</c>). Required: there is no "trust on first use"; an unknown key is refused.
    /// </summary>
    public IList<string> HostKeySha256 { get; set; } = new List<string>();

    /// <summary>Where partner files are uploaded. Default: <c>/IF_TIKI_VIP/INBOUND</c>.</summary>
    public string InboundPath { get; set; } = "/IF_TIKI_VIP/INBOUND";

    /// <summary>Where Tiki puts its results. Default: <c>/IF_TIKI_VIP/OUTBOUND</c>.</summary>
    public string OutboundPath { get; set; } = "/IF_TIKI_VIP/OUTBOUND";

    /// <summary>How long connecting (and authenticating) may take. Default: 30 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one SFTP operation may take. Default: 2 minutes.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of a file after a network failure. Default: 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first delay between retries (doubled each time). Default: 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Describes the options without the password, the key or its passphrase.</summary>
    /// <returns>Host, port, user, authentication kinds and paths.</returns>
    public override string ToString() =>
        $"Host={Host}, Port={Port}, Username={Username}, Password={(Password is null ? "<not set>" : "***")}, " +
        $"PrivateKey={(PrivateKey is null && PrivateKeyPath is null ? "<not set>" : "***")}, InboundPath={InboundPath}, OutboundPath={OutboundPath}";

    /// <summary>Every wrong or missing setting, each named; empty when the settings are usable.</summary>
    /// <returns>The problems, in the order of the settings.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add("Host is required: Tiki's SFTP server.");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"Port must be between 1 and 65535; got {Port}.");
        }

        if (string.IsNullOrWhiteSpace(Username))
        {
            problems.Add("Username is required: the user Tiki created for the partner.");
        }

        if (Password is null && PrivateKey is null && PrivateKeyPath is null)
        {
            problems.Add("Set Password, PrivateKey or PrivateKeyPath: the SFTP server needs credentials.");
        }

        if (HostKeySha256 is null || HostKeySha256.Count == 0 || HostKeySha256.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("HostKeySha256 is required: the server's host key fingerprint(s), as 'ssh-keygen -l -E sha256' prints them (SHA256:...). There is no trust on first use.");
        }

        if (InboundPath is null || OutboundPath is null || !InboundPath.StartsWith('/') || !OutboundPath.StartsWith('/'))
        {
            problems.Add("InboundPath and OutboundPath must be absolute paths on the server.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || OperationTimeout <= TimeSpan.Zero)
        {
            problems.Add("ConnectTimeout and OperationTimeout must be positive.");
        }

        if (MaxRetryAttempts is < 0 or > 20 || RetryDelay < TimeSpan.Zero)
        {
            problems.Add("MaxRetryAttempts must be between 0 and 20, and RetryDelay not negative.");
        }

        return problems;
    }
}
