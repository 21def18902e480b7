using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>The page is secure by default: an application that would expose it to anyone does not start.</summary>
public sealed class OperationsStartupTests : IAsyncLifetime
{
    private TikiVipEmulator _tiki = null!;

    public async Task InitializeAsync() => _tiki = await TikiVipEmulator.StartAsync();

    public async Task DisposeAsync() => await _tiki.DisposeAsync();

    [Fact]
    public async Task Mapping_the_page_without_an_authorization_policy_is_refused_at_start_up_saying_how_to_add_one()
    {
        await using var app = OperationsApp.Build(_tiki, map: a => a.MapTikiVipOperations("/ops"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("'/ops' would be open to anyone", error.Message, StringComparison.Ordinal);
        Assert.Contains(".RequireAuthorization(\"YourSupportPolicy\")", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAnonymousForLocalDevelopment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowing_anonymous_users_explicitly_is_refused_too()
    {
        await using var app = OperationsApp.Build(_tiki, map: a => a.MapTikiVipOperations("/ops").RequireAuthorization("Support").AllowAnonymous());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("Remove AllowAnonymous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_opt_out_is_refused_outside_the_development_environment()
    {
        await using var app = OperationsApp.Build(_tiki, map: a => a.MapTikiVipOperations("/ops").AllowAnonymousForLocalDevelopment(), environment: "Staging");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("only works in the Development environment; this one is 'Staging'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_opt_out_opens_the_page_in_development_with_a_warning()
    {
        await using var app = await OperationsApp.StartAsync(_tiki, map: a => a.MapTikiVipOperations("/ops").AllowAnonymousForLocalDevelopment(), environment: "Development");
        using var anonymous = new HttpClient { BaseAddress = app.Address };

        var page = await anonymous.GetStringAsync("/ops/refunds");

        Assert.Contains("Quarantined", page, StringComparison.Ordinal);
        Assert.Contains(app.Logs.GetSnapshot(), log => log.Id.Name == "OperationsAnonymousInDevelopment" && log.Message.Contains("/ops", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_application_wide_fallback_policy_counts_as_authorization()
    {
        await using var app = await OperationsApp.StartAsync(
            _tiki,
            map: a => a.MapTikiVipOperations("/ops"),
            services: s => s.Configure<AuthorizationOptions>(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build()));
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };

        var response = await anonymous.GetAsync("/ops/ipn");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OperationsApp.LoginPath, response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_the_page_without_its_services_names_the_call_that_registers_them()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddTikiVip(_tiki.ConfigureClient);
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapTikiVipOperations());

        Assert.Contains("AddTikiVip(...).AddOperations()", error.Message, StringComparison.Ordinal);
    }

    // The check judges the endpoints as the authorization middleware sees them, enclosing groups included.
    [Fact]
    public async Task A_group_that_allows_anonymous_users_is_refused_even_when_the_page_requires_a_policy()
    {
        await using var app = OperationsApp.Build(_tiki, map: a => a.MapGroup("/tikivip").MapGroup("/support").AllowAnonymous()
            .MapTikiVipOperations("/ops").RequireAuthorization("Support"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("Remove AllowAnonymous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_on_an_enclosing_group_protects_the_page_and_its_links_follow_the_group()
    {
        await using var app = await OperationsApp.StartAsync(_tiki, map: a => a.MapGroup("/tikivip").RequireAuthorization("Support")
            .MapGroup("/inner").MapTikiVipOperations("/ops"));
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };
        using var signedIn = await app.SignedInClientAsync();

        using var refused = await anonymous.GetAsync("/tikivip/inner/ops/");
        var page = HtmlPage.Parse(await signedIn.GetStringAsync("/tikivip/inner/ops/"));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith(OperationsApp.LoginPath, refused.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var links = page.QuerySelectorAll("nav a").Select(l => l.GetAttribute("href")!).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, href => Assert.StartsWith("/tikivip/inner/ops", href, StringComparison.Ordinal));
    }
}
