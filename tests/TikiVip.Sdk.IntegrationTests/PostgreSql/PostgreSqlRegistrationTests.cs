using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.PostgreSql.Outbox;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>UsePostgreSql from configuration, the health checks, and the outbox's client lifetime.</summary>
public sealed class PostgreSqlRegistrationTests : IAsyncLifetime
{
    private readonly PostgresSchema _schema = new();
    // Starts at the real time: the emulator checks the client's signature timestamps against its own clock.
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private TikiVipEmulator _tiki = null!;

    public async Task InitializeAsync()
    {
        await _schema.InitializeAsync();
        _tiki = await TikiVipEmulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _tiki.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_connection_string_fails_at_start_up_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TikiVip:PostgreSql:Schema"] = "payments" });
        builder.Services.AddTikiVip(_tiki.ConfigureClient).UsePostgreSql(builder.Configuration.GetSection("TikiVip:PostgreSql"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("TikiVip:PostgreSql:ConnectionString is required", ex.ToString());
    }

    [PostgresFact]
    public async Task UsePostgreSql_binds_the_connection_string_and_the_options_from_a_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikiVip:PostgreSql:ConnectionString"] = _schema.ConnectionString,
            ["TikiVip:PostgreSql:Schema"] = _schema.Name,
            ["TikiVip:PostgreSql:Outbox:MaxAttempts"] = "9",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(_tiki.ConfigureClient).UsePostgreSql(configuration.GetSection("TikiVip:PostgreSql"));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        var claim = await provider.GetRequiredService<IRefundIdempotencyStore>().TryClaimAsync("rf-config", "fingerprint", default);

        Assert.Equal(RefundClaimStatus.Claimed, claim.Status);
        Assert.Equal(9, provider.GetRequiredService<IOptions<TikiVipPostgreSqlOptions>>().Value.Outbox.MaxAttempts);
        Assert.Equal(1L, await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".refund_requests"));
    }

    [PostgresFact]
    public async Task The_outbox_check_is_healthy_then_degraded_by_a_failed_ipn_then_unhealthy_when_delivery_is_stuck()
    {
        await using var provider = await StartAsync();
        var outbox = provider.GetRequiredService<IIpnOutbox>();
        Assert.Equal(HealthStatus.Healthy, await StatusAsync(provider, "tikivip-outbox"));

        var failed = await outbox.EnqueueAsync(new IpnRequest("T-failed", "P-1", 1000, TikiVipTransactionStatus.Success));
        await _schema.ScalarAsync<int>($"UPDATE \"{_schema.Name}\".ipn_outbox SET state = 3 WHERE id = {failed} RETURNING 1");
        Assert.Equal(HealthStatus.Degraded, await StatusAsync(provider, "tikivip-outbox"));

        await outbox.EnqueueAsync(new IpnRequest("T-stuck", "P-2", 1000, TikiVipTransactionStatus.Success));
        _clock.Advance(TimeSpan.FromMinutes(11));
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["tikivip-outbox"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("delivery to Tiki is stuck", entry.Description);
        Assert.Equal(1L, entry.Data["failed"]);
    }

    [PostgresFact]
    public async Task The_refund_store_check_is_unhealthy_when_its_table_cannot_be_read()
    {
        await using var provider = await StartAsync();
        Assert.Equal(HealthStatus.Healthy, await StatusAsync(provider, "tikivip-refund-store"));

        await _schema.ScalarAsync<int>($"DROP TABLE \"{_schema.Name}\".refund_requests; SELECT 1");

        Assert.Equal(HealthStatus.Unhealthy, await StatusAsync(provider, "tikivip-refund-store"));
    }

    [PostgresFact]
    public async Task The_outbox_resolves_a_fresh_client_each_round_so_its_handlers_rotate()
    {
        var resolved = 0;
        await using var provider = await StartAsync(services =>
        {
            // Count resolutions of the typed client the SDK registered, keeping its own factory.
            var original = services.Last(d => d.ServiceType == typeof(ITikiVipClient));
            services.Add(ServiceDescriptor.Transient<ITikiVipClient>(sp =>
            {
                Interlocked.Increment(ref resolved);
                return (ITikiVipClient)original.ImplementationFactory!(sp);
            }));
            services.Configure<TikiVipPostgreSqlOptions>(o => o.Outbox.Deliver = true);
        });
        var outbox = provider.GetRequiredService<IIpnOutbox>();
        var delivery = provider.GetServices<IHostedService>().OfType<IpnOutboxDeliveryService>().Single();
        await delivery.StartAsync(default);
        await delivery.Listening; // each IPN below wakes it by its NOTIFY

        await outbox.EnqueueAsync(new IpnRequest(_tiki.CreateTransaction(1000), "P-1", 1000, TikiVipTransactionStatus.Success));
        await Eventually.TrueAsync(async () => ((await outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered })).Entries).Count == 1);
        await outbox.EnqueueAsync(new IpnRequest(_tiki.CreateTransaction(2000), "P-2", 2000, TikiVipTransactionStatus.Success));
        await Eventually.TrueAsync(async () => ((await outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered })).Entries).Count == 2);
        await delivery.StopAsync(default);

        Assert.Equal(2, resolved);
        Assert.Equal(2, ((await outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered })).Entries).Count);
    }

    private async Task<ServiceProvider> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddTikiVip(_tiki.ConfigureClient).UsePostgreSql(_schema.ConnectionString, o =>
        {
            o.Schema = _schema.Name;
            o.Outbox.Deliver = false;
        });
        services.AddHealthChecks().AddTikiVipPostgreSql();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        return provider;
    }

    private static async Task<HealthStatus> StatusAsync(IServiceProvider provider, string name) =>
        (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name)).Entries[name].Status;
}
