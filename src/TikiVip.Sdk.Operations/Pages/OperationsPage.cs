using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>One request for a page: where the pages live, the time, and the shared layout (navigation, styles, forms).</summary>
internal sealed class OperationsPage
{
    /// <summary>The navigation: each section's path below the page, and its name in English and Vietnamese.</summary>
    internal static readonly (string Path, string Title, string Vietnamese)[] Sections =
    [
        ("", "Overview", "Tổng quan"),
        ("/ipn", "IPN outbox", "Thông báo thanh toán"),
        ("/refunds", "Refunds", "Hoàn tiền"),
        ("/reconciliation", "Reconciliation", "Đối soát"),
        ("/tiki", "Tiki", "Kết nối Tiki"),
        ("/audit", "Audit trail", "Nhật ký thao tác"),
    ];

    private AntiforgeryTokenSet? _tokens;

    public OperationsPage(HttpContext context, string basePath)
    {
        Context = context;
        Services = context.RequestServices;
        BasePath = context.Request.PathBase.Add(basePath).Value!;
        Now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
    }

    public HttpContext Context { get; }

    public IServiceProvider Services { get; }

    /// <summary>Where the pages are mapped, with the application's path base.</summary>
    public string BasePath { get; }

    public DateTimeOffset Now { get; }

    public string Link(string path) => BasePath + path;

    /// <summary>The signed-in user's name, as the header shows it.</summary>
    public string? UserName => Context.User.Identity?.Name;

    /// <summary>This request's antiforgery tokens, made (and the cookie set) only for a page with a form.</summary>
    public AntiforgeryTokenSet Antiforgery => _tokens ??= Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Context);

    public string SectionLink(string path) => path.Length == 0 ? BasePath + "/" : Link(path);

    /// <summary>
    /// The confirmation of the action the user was sent back from, from fixed texts only: a link must not be able
    /// to put words of its own on a support tool.
    /// </summary>
    public string? DoneMessage()
    {
        var id = Context.Request.Query["id"].ToString();
        return Context.Request.Query["done"].ToString() switch
        {
            "retried" when long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _) =>
                $"IPN {id} is queued for delivery now; reload in a few seconds to see the result.",
            "retried-many" when long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var count) =>
                count == 1 ? "1 failed IPN is queued for delivery now; it is listed here while it waits."
                    : $"{count:N0} failed IPNs are queued for delivery now; they are listed here while they wait.",
            "resolved" when id.Length == 64 && id.All(char.IsAsciiHexDigitLower) =>
                $"Quarantined refund {id[..12]}… is marked resolved: Tiki's next retry of it is answered 200.",
            _ => null,
        };
    }

    /// <summary>
    /// Renders <typeparamref name="TView"/> (a Razor component, encoding every value) with <paramref name="model"/>,
    /// under the security headers a support tool needs.
    /// </summary>
    public async Task<IResult> RenderAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TView>(object model, int statusCode = StatusCodes.Status200OK)
        where TView : IComponent
    {
        var services = new PageServices(Services, this, model);
        var renderer = new HtmlRenderer(services, Services.GetRequiredService<ILoggerFactory>());
        await using (renderer.ConfigureAwait(false))
        {
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var view = await renderer.RenderComponentAsync<TView>().ConfigureAwait(true); // stays on the renderer's dispatcher
                return view.ToHtmlString();
            }).ConfigureAwait(false);

            var headers = Context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "same-origin";
            return Results.Content(html, "text/html; charset=utf-8", null, statusCode);
        }
    }
}
