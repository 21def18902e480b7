using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.AspNetCore.Tests;

/// <summary>A partner application on TestServer with the refund endpoint and a scripted handler.</summary>
internal sealed class RefundApp : IAsyncDisposable
{
    public const string ClientId = "RLCKb7Ae9kx4DXtXsCWjnDXtggFnM43W";
    public const string ClientSecret = "EhjGcsUUuRSJTHiYPbW5fxzyaKEx0JuAZIKRQ4HnIfNFidB2kMg6locQbTIEz3Vf";
    public const string Path = "/tikivip/refunds";

    private readonly WebApplication _app;

    private RefundApp(WebApplication app, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        Client = app.GetTestClient();
        Handler = app.Services.GetRequiredService<HandlerScript>();
        Logs = app.Services.GetFakeLogCollector();
    }

    public HttpClient Client { get; }

    public FakeTimeProvider Clock { get; }

    public HandlerScript Handler { get; }

    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RefundApp> StartAsync(
        Action<TikiVipOptions>? configure = null, bool useMiddleware = false, DateTimeOffset? now = null, Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(now ?? DateTimeOffset.FromUnixTimeMilliseconds(1668488300000).AddSeconds(1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging().SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<HandlerScript>();
        builder.Services.AddTikiVip(options =>
            {
                options.ClientId = ClientId;
                options.ClientSecret = ClientSecret;
                options.Environment = TikiVipEnvironment.Sandbox;
                configure?.Invoke(options);
            })
            .AddRefundHandler<ScriptedRefundHandler>();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        if (useMiddleware)
        {
            app.UseTikiVipRefunds(Path);
            app.Run(context =>
            {
                context.Response.StatusCode = 299;
                return Task.CompletedTask;
            });
        }
        else
        {
            app.MapTikiVipRefunds(Path);
        }

        await app.StartAsync();
        return new RefundApp(app, clock);
    }

    public TikiVipSignedRequest Sign(byte[] body, DateTimeOffset? at = null, string? secret = null, string? clientId = null) =>
        TikiVipSignedRequest.ForBody(body, clientId ?? ClientId, secret ?? ClientSecret, at ?? Clock.GetUtcNow());

    public TikiVipSignedRequest Sign(RefundRequest refund, DateTimeOffset? at = null) =>
        TikiVipSignedRequest.ForRefund(refund, ClientId, ClientSecret, at ?? Clock.GetUtcNow());

    public Task<HttpResponseMessage> SendAsync(TikiVipSignedRequest request) =>
        Client.SendAsync(request.ToHttpRequestMessage(new Uri(Client.BaseAddress!, Path)));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>Decides what the handler does and records every call.</summary>
internal sealed class HandlerScript
{
    public ConcurrentQueue<RefundRequest> Calls { get; } = new();

    public Func<RefundRequest, CancellationToken, Task<RefundResult>> Behaviour { get; set; } = (_, _) => Task.FromResult(RefundResult.Accepted());
}

internal sealed class ScriptedRefundHandler(HandlerScript script) : IRefundHandler
{
    public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
    {
        script.Calls.Enqueue(refund);
        return script.Behaviour(refund, cancellationToken);
    }
}

