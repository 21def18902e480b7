using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTikiVip(options =>
            {
                options.ClientId = ApiReference.ClientId;
                options.ClientSecret = ApiReference.ClientSecret;
                options.Environment = TikiVipEnvironment.Production;
                options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
                options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
                configure?.Invoke(options);
            })
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => network ?? Http);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _provider.GetRequiredService<ITikiVipClient>();
    }

    public MockHttpMessageHandler Http { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public ITikiVipClient Client { get; }

    public void Dispose() => _provider.Dispose();
}
