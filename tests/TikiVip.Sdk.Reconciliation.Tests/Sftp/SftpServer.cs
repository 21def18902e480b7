namespace TikiVip.Sdk.Reconciliation.Tests.Sftp;

/// <summary>
/// The real OpenSSH server .ci/sftp.sh starts on loopback, described by TIKIVIP_TEST_SFTP
/// (Host=...;Port=...;Username=...;PrivateKeyPath=...;Password=...;HostKeySha256=...;Root=...).
/// </summary>
internal static class SftpServer
{
    public const string Variable = "TIKIVIP_TEST_SFTP";

    private static readonly Lazy<Dictionary<string, string>?> Settings = new(() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text
            ? text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase)
            : null);

    public static bool IsConfigured => Settings.Value is not null;

    public static string Setting(string name) => Settings.Value![name];

    /// <summary>The server's filesystem as the tests see it: the chroot of the SFTP user.</summary>
    public static string Root => Setting("Root");

    public static string Inbound => Path.Combine(Root, "IF_TIKI_VIP", "INBOUND");

    public static string Outbound => Path.Combine(Root, "IF_TIKI_VIP", "OUTBOUND");
}

/// <summary>A test that needs the SFTP server: skipped, with the reason, when none is configured.</summary>
public sealed class SftpFactAttribute : FactAttribute
{
    public SftpFactAttribute()
    {
        if (!SftpServer.IsConfigured)
        {
            Skip = $"{SftpServer.Variable} is not set: no SFTP server to test against (.ci/run and .ci/sftp.sh provide one).";
        }
    }
}
