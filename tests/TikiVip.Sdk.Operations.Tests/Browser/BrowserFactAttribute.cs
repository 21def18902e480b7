using TikiVip.Sdk.IntegrationTests.PostgreSql;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;

namespace TikiVip.Sdk.Operations.Tests.Browser;

/// <summary>
/// A test in a real browser (Debian's headless Chromium and ChromeDriver, which .ci/run installs) against the
/// real PostgreSQL and SFTP servers: skipped, saying which is missing, when any is.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = MissingReason;
    }

    public static string? MissingReason =>
        !File.Exists(Browser.ChromiumPath) ? $"{Browser.ChromiumPath} is missing: no browser to test in (apt-get install chromium chromium-driver; .ci/run does)."
        : !File.Exists(Browser.DriverPath) ? $"{Browser.DriverPath} is missing (apt-get install chromium-driver; .ci/run does)."
        : string.IsNullOrWhiteSpace(PostgresFactAttribute.ConnectionString) ? $"{PostgresFactAttribute.Variable} is not set: the page's outbox needs PostgreSQL (.ci/postgres.sh)."
        : !SftpServer.IsConfigured ? $"{SftpServer.Variable} is not set: the reconciliation row needs the SFTP server (.ci/sftp.sh)."
        : null;
}
