using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

public sealed class OptionsTests
{
    [Fact]
    public async Task Host_start_fails_naming_every_missing_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTikiVip(_ => { });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.StartsWith("TikiVip:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("TikiVip:ClientSecret is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("TikiVip:Environment is not set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TikiVip:BaseAddress", "ftp://example.com/", "TikiVip:BaseAddress must be an absolute http or https address")]
    [InlineData("TikiVip:BaseAddress", "http://127.0.0.1:5000/tiki", "TikiVip:BaseAddress must end with '/'")]
    [InlineData("TikiVip:TimestampTolerance", "00:00:00", "TikiVip:TimestampTolerance must be positive")]
    [InlineData("TikiVip:AttemptTimeout", "00:05:00", "TikiVip:AttemptTimeout must be at least 10 ms and at most TotalTimeout")]
    [InlineData("TikiVip:TotalTimeout", "00:00:00", "TikiVip:TotalTimeout must be between 10 ms and 1 hour")]
    [InlineData("TikiVip:Retry:MaxRetryAttempts", "-1", "TikiVip:Retry:MaxRetryAttempts must be between 0 and 20")]
    [InlineData("TikiVip:Retry:MaxDelay", "00:00:00.001", "TikiVip:Retry:MaxDelay must be at least Retry:BaseDelay")]
    [InlineData("TikiVip:Refunds:MaxBodySize", "10", "TikiVip:Refunds:MaxBodySize must be between 256 bytes and 16 MiB")]
    [InlineData("TikiVip:Refunds:IdempotencyRetention", "00:01:00", "TikiVip:Refunds:IdempotencyRetention must be at least twice TimestampTolerance")]
    [InlineData("TikiVip:Refunds:IdempotencyCapacity", "0", "TikiVip:Refunds:IdempotencyCapacity must be at least 1")]
    public void Each_invalid_setting_is_named_in_the_failure(string key, string value, string expected)
    {
        var settings = ValidSettings();
        settings[key] = value;
        using var provider = Build(settings);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TikiVipOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Configuration_binds_the_section_including_environment_variable_style_keys()
    {
        var settings = ValidSettings();
        settings["TikiVip:Retry:MaxRetryAttempts"] = "4";
        settings["TikiVip:Refunds:PreviousClientSecrets:0"] = "old-secret";
        using var provider = Build(settings);

        var options = provider.GetRequiredService<IOptions<TikiVipOptions>>().Value;

        Assert.Equal("client", options.ClientId);
        Assert.Equal(TikiVipEnvironment.Sandbox, options.Environment);
        Assert.Equal(TikiVipEndpoints.Sandbox, options.ResolveBaseAddress());
        Assert.Equal(4, options.Retry.MaxRetryAttempts);
        Assert.Equal(["old-secret"], options.Refunds.PreviousClientSecrets);
    }

    [Fact]
    public void Environment_variables_with_double_underscores_configure_the_sdk()
    {
        var variables = new Dictionary<string, string>
        {
            ["TIKIVIPTEST_TikiVip__ClientId"] = "from-env",
            ["TIKIVIPTEST_TikiVip__ClientSecret"] = "secret-from-env",
            ["TIKIVIPTEST_TikiVip__Environment"] = "Production",
            ["TIKIVIPTEST_TikiVip__Retry__MaxRetryAttempts"] = "5",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables("TIKIVIPTEST_").Build();
            var services = new ServiceCollection().AddLogging();
            services.AddTikiVip(configuration.GetSection(TikiVipOptions.SectionName));
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<TikiVipOptions>>().Value;

            Assert.Equal("from-env", options.ClientId);
            Assert.Equal("secret-from-env", options.ClientSecret);
            Assert.Equal(TikiVipEnvironment.Production, options.Environment);
            Assert.Equal(5, options.Retry.MaxRetryAttempts);
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void Defaults_are_safe_for_tiki()
    {
        var options = new TikiVipOptions();

        Assert.True(options.Retry.MaxRetryAttempts >= 3);
        Assert.Equal(TimeSpan.FromMinutes(5), options.TimestampTolerance);
        Assert.True(options.TotalTimeout < TimeSpan.FromMinutes(5));
        Assert.Equal(64 * 1024, options.Refunds.MaxBodySize);
        Assert.Equal(TimeSpan.FromDays(30), options.Refunds.IdempotencyRetention);
        Assert.Null(options.Environment);
        Assert.Throws<InvalidOperationException>(() => options.ResolveBaseAddress());
    }

    [Fact]
    public void The_secret_never_appears_in_to_string()
    {
        var options = new TikiVipOptions { ClientId = "client", ClientSecret = ApiReference.ClientSecret };

        Assert.DoesNotContain(ApiReference.ClientSecret, options.ToString());
        Assert.Contains("client", options.ToString());
    }

    [Fact]
    public async Task The_secret_and_signature_never_appear_in_logs_or_exceptions()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, ClientHarness.BaseAddress + "payment/ipn")
            .Then(HttpStatusCode.ServiceUnavailable, "")
            .Then(HttpStatusCode.OK, """{"code":1,"message":"invalid request"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        var everything = harness.AllLogText + ex;
        Assert.NotEmpty(harness.Logs.GetSnapshot());
        Assert.DoesNotContain(ApiReference.ClientSecret, everything);
        Assert.All(wire.Requests, r => Assert.DoesNotContain(r.Signature, everything));
        Assert.DoesNotContain("transaction_amount", everything);
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["TikiVip:ClientId"] = "client",
        ["TikiVip:ClientSecret"] = "secret",
        ["TikiVip:Environment"] = "Sandbox",
    };

    [Theory]
    [InlineData("sandbox", TikiVipEnvironment.Sandbox)]
    [InlineData("SANDBOX", TikiVipEnvironment.Sandbox)]
    [InlineData("production", TikiVipEnvironment.Production)]
    public void The_environment_is_read_in_any_case(string value, TikiVipEnvironment expected)
    {
        using var provider = Build(new Dictionary<string, string?>(ValidSettings()) { ["TikiVip:Environment"] = value });

        Assert.Equal(expected, provider.GetRequiredService<IOptions<TikiVipOptions>>().Value.Environment);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("1")]
    public void An_unknown_environment_names_the_key_and_the_valid_values_not_a_converter(string value)
    {
        using var provider = Build(new Dictionary<string, string?>(ValidSettings()) { ["TikiVip:Environment"] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TikiVipOptions>>().Value);

        Assert.Equal($"TikiVip:Environment is '{value}': use Production or Sandbox (in any case), or leave it out and set TikiVip:BaseAddress.", Assert.Single(ex.Failures));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTikiVip(configuration.GetSection("TikiVip"));
        return services.BuildServiceProvider();
    }
}
