using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace TikiVip.Sdk.Tests.Support;

/// <summary>An <see cref="ITikiVipClient"/> built by the real DI registration, with MockHttp as the network.</summary>
internal sealed class ClientHarness : IDisposable
{
    public const string BaseAddress = "https://api.tiki.vn/miniapp/tikivip/";

    private readonly ServiceProvider _provider;

    public ClientHarness(Action<TikiVipOptions>? configure = null, TimeProvider? time = null, HttpMessageHandler? network = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTikiVip(options =>
            {
                options.ClientId = ApiReference.ClientId;
                options.ClientSecret = ApiReference.ClientSecret;
                options.Environment = TikiVipEnvironment.Production;
                // No backoff: retries happen at once, so no test waits for real time.
                options.Retry.BaseDelay = TimeSpan.Zero;
                options.Retry.MaxDelay = TimeSpan.Zero;
                configure?.Invoke(options);
            })
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => network ?? Http);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _provider.GetRequiredService<ITikiVipClient>();
        Logs = _provider.GetFakeLogCollector();
    }

    /// <summary>The services the client was built from (its meter factory, options monitor, ...).</summary>
    public IServiceProvider Services => _provider;

    public MockHttpMessageHandler Http { get; } = new();

    public FakeLogCollector Logs { get; }

    /// <summary>Every log line, for asserting that no secret is in any of them.</summary>
    public string AllLogText => string.Join('\n', Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category} {r.Message} {r.Exception}"));

    /// <summary>Collects one of the SDK's instruments from this harness's own meter factory (no other test's).</summary>
    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(_provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Diagnostics.TikiVipDiagnostics.Name, instrument);

    public ITikiVipClient Client { get; }

    public void Dispose() => _provider.Dispose();
}
