using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk;

/// <summary>
/// Settings for the Tiki VIP SDK, bound from the <c>TikiVip</c> configuration section
/// (or <c>TikiVip__ClientId</c>-style environment variables).
/// </summary>
public sealed class TikiVipOptions
{
    /// <summary>The conventional configuration section name.</summary>
    public const string SectionName = "TikiVip";

    /// <summary>The client id (client key, api key) Tiki issued to the partner for server-to-server calls, paired with <see cref="ClientSecret"/>. Required.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The API secret (client secret) paired with <see cref="ClientId"/>. Required; never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// Which Tiki environment to call. There is deliberately no default: set this, or set <see cref="BaseAddress"/>.
    /// </summary>
    public TikiVipEnvironment? Environment { get; set; }

    /// <summary>
    /// An explicit API base address (an emulator, a proxy). Overrides <see cref="Environment"/> when set.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// How far a signed request's timestamp may be from now, in either direction, when Tiki calls the partner.
    /// Tiki itself rejects requests older than 5 minutes. Default: 5 minutes.
    /// </summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried. Default: 10 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The time budget of one call across all its attempts and delays. Default: 60 seconds, well inside
    /// Tiki's 5-minute window.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many connections to Tiki the client keeps open at most (the pooled handler's limit). Calls beyond it
    /// wait for a connection; the IPN outbox never delivers more at once than this. Default: 64.
    /// </summary>
    public int MaxConnectionsPerServer { get; set; } = 64;

    /// <summary>Retry settings for calls to Tiki.</summary>
    public TikiVipRetryOptions Retry { get; set; } = new();

    /// <summary>Settings for receiving Tiki's refund callbacks.</summary>
    public TikiVipRefundOptions Refunds { get; set; } = new();

    /// <summary>The base address calls go to: <see cref="BaseAddress"/>, else the one of <see cref="Environment"/>.</summary>
    /// <exception cref="InvalidOperationException">Neither is set.</exception>
    /// <returns>The absolute base address, ending with <c>/</c>.</returns>
    public Uri ResolveBaseAddress() => BaseAddress ?? Environment switch
    {
        TikiVipEnvironment.Production => TikiVipEndpoints.Production,
        TikiVipEnvironment.Sandbox => TikiVipEndpoints.Sandbox,
        _ => throw new InvalidOperationException(
            $"{SectionName}:{nameof(Environment)} is not set. Set it to 'Production' or 'Sandbox', or set {SectionName}:{nameof(BaseAddress)}."),
    };

    /// <summary>Describes the options without the secret.</summary>
    public override string ToString() =>
        $"ClientId={ClientId}, ClientSecret={(string.IsNullOrEmpty(ClientSecret) ? "<not set>" : "***")}, " +
        $"Environment={Environment?.ToString() ?? "<not set>"}, BaseAddress={BaseAddress?.ToString() ?? "<not set>"}";
}
