using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>
/// A partner's application with the operations page, on Kestrel on loopback (a browser can open it), talking to
/// the emulator: cookie sign-in through <c>/test-login?name=...</c>, the page mapped under the "Support" policy,
/// the refund endpoint, and whatever the test adds (PostgreSQL, the daily job).
/// </summary>
internal sealed class OperationsApp : IAsyncDisposable
{
    public const string PagePath = "/tikivip/ops";
    public const string RefundPath = "/tikivip/refunds";
    public const string LoginPath = "/test-login";

    private OperationsApp(WebApplication app, TikiVipEmulator tiki)
    {
        App = app;
        Tiki = tiki;
        Address = new Uri(app.Urls.First());
        Logs = app.Services.GetFakeLogCollector();
        Handler = app.Services.GetRequiredService<ScriptedRefundHandler>();
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public TikiVipEmulator Tiki { get; }

    public Uri Address { get; }

    public Uri Page(string path = "/") => new(Address, PagePath + path);

    public Uri RefundEndpoint => new(Address, RefundPath);

    public FakeLogCollector Logs { get; }

    public ScriptedRefundHandler Handler { get; }

    /// <summary>Starts the application; <paramref name="map"/> maps the page (default: with the Support policy).</summary>
    public static async Task<OperationsApp> StartAsync(
        TikiVipEmulator tiki,
        Action<TikiVipBuilder>? configure = null,
        Func<WebApplication, IEndpointConventionBuilder?>? map = null,
        string environment = "Production",
        Action<IServiceCollection>? services = null)
    {
        var app = Build(tiki, configure, map, environment, services);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new OperationsApp(app, tiki);
    }

    /// <summary>Builds without starting, for the start-up checks.</summary>
    public static WebApplication Build(
        TikiVipEmulator tiki,
        Action<TikiVipBuilder>? configure = null,
        Func<WebApplication, IEndpointConventionBuilder?>? map = null,
        string environment = "Production",
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<ScriptedRefundHandler>();
        var tikiVip = builder.Services.AddTikiVip(options =>
            {
                tiki.ConfigureClient(options);
                options.Retry.MaxRetryAttempts = 0;
            })
            .AddRefundHandler<ScriptedRefundHandler.Scoped>()
            .AddOperations();
        configure?.Invoke(tikiVip);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options => options.LoginPath = LoginPath);
        builder.Services.AddAuthorization(options => options.AddPolicy("Support", policy => policy.RequireAuthenticatedUser()));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTikiVipRefunds(RefundPath);
        app.MapGet(LoginPath, async (HttpContext context, string? name, string? returnUrl) =>
        {
            if (string.IsNullOrEmpty(name))
            {
                return Results.Content("<!DOCTYPE html><title>Sign in</title><h1>Sign in required</h1>", "text/html", null, StatusCodes.Status401Unauthorized);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(new ClaimsPrincipal(identity));
            return Results.LocalRedirect(returnUrl ?? PagePath + "/");
        });
        if (map is null)
        {
            app.MapTikiVipOperations(PagePath).RequireAuthorization("Support");
        }
        else
        {
            map(app);
        }

        return app;
    }

    /// <summary>A client signed in as <paramref name="user"/>, keeping cookies, not following redirects.</summary>
    public async Task<HttpClient> SignedInClientAsync(string user = "alice@partner.example")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };
        var response = await client.GetAsync($"{LoginPath}?name={Uri.EscapeDataString(user)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A signed-in client's antiforgery token, read from a page's form as a browser would.</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string pagePath)
    {
        var html = await client.GetStringAsync(PagePath + pagePath);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "the page has no antiforgery token in a form");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
