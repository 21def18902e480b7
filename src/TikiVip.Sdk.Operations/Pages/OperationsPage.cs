using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>One request for a page: where the pages live, the time, and the shared layout (navigation, styles, forms).</summary>
internal sealed class OperationsPage
{
    private static readonly (string Path, string Title, string Vietnamese)[] Sections =
    [
        ("", "Overview", "Tổng quan"),
        ("/ipn", "IPN outbox", "Thông báo thanh toán"),
        ("/refunds", "Refunds", "Hoàn tiền"),
        ("/reconciliation", "Reconciliation", "Đối soát"),
        ("/tiki", "Tiki", "Kết nối Tiki"),
        ("/audit", "Audit trail", "Nhật ký thao tác"),
    ];

    // No script, no external asset: the page works on an offline network and under a strict policy.
    private const string Styles = """
        :root{--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--bg:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--accent:#1a5fb4}
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header{background:#0d2a4a;color:#fff;padding:.6rem 1rem}header h1{font-size:1.05rem;margin:0 0 .4rem}
        nav{display:flex;flex-wrap:wrap;gap:.3rem}nav a{color:#dbe7f5;text-decoration:none;padding:.3rem .6rem;border-radius:6px;font-size:.9rem}
        nav a[aria-current]{background:#fff;color:#0d2a4a;font-weight:600}nav small{display:block;font-size:.72rem;opacity:.8}
        main{padding:1rem;max-width:1200px;margin:0 auto}h2{font-size:1.2rem;margin:1.2rem 0 .5rem}h2 small,th small{color:var(--muted);font-weight:400}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.6rem}
        .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}.card b{display:block;font-size:1.5rem}
        .card a{color:inherit;text-decoration:none}
        .scroll{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:8px}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{background:#eef1f4}td.num{text-align:right;white-space:nowrap}tr:last-child td{border-bottom:0}
        td code{overflow-wrap:anywhere}
        .muted{color:var(--muted)}.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#eef1f4}
        .ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad)}.badge.ok{background:#dafbe1}.badge.warn{background:#fff8c5}.badge.bad{background:#ffebe9}
        .note{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:.5rem .8rem;margin:.6rem 0}
        .done{background:#dafbe1;border:1px solid #4ac26b;border-radius:8px;padding:.5rem .8rem;margin:.6rem 0}
        .error{background:#ffebe9;border:1px solid #ff8182;border-radius:8px;padding:.5rem .8rem;margin:.6rem 0}
        form.inline{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:0}
        input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:#fff}
        button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}button.secondary{background:#fff;color:var(--accent)}
        code,pre{font:.82rem/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}pre{white-space:pre-wrap;word-break:break-all;margin:0;max-width:40rem}
        footer{color:var(--muted);font-size:.8rem;padding:1rem;text-align:center}
        @media (max-width:640px){main{padding:.6rem}.card b{font-size:1.2rem}
          .scroll{overflow:visible}thead{display:none}table,tbody,tr,td{display:block;width:100%}
          tr{border-bottom:1px solid var(--line);padding:.35rem 0}tr:last-child{border-bottom:0}td{border:0;padding:.15rem .6rem}td.num{text-align:left}
          td[data-label]::before{content:attr(data-label);display:block;font-size:.72rem;font-weight:600;color:var(--muted)}td[data-label=""]::before{display:none}}
        """;

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

    /// <summary>The opening of a POST form to one of the page's actions, with its antiforgery token.</summary>
    public void FormStart(HtmlWriter html, string action)
    {
        _tokens ??= Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Context); // only pages with a form set the cookie
        html.Raw("<form class=\"inline\" method=\"post\"").Attribute("action", Link(action)).Raw(">")
            .Raw("<input type=\"hidden\"").Attribute("name", _tokens.FormFieldName).Attribute("value", _tokens.RequestToken).Raw(">");
    }

    /// <summary>Writes the whole page around <paramref name="body"/>, with the security headers a support tool needs.</summary>
    public IResult Render(string section, string title, HtmlWriter body, int statusCode = StatusCodes.Status200OK)
    {
        var html = new HtmlWriter();
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Raw("<title>").Text(title).Raw(" · Tiki VIP operations</title><style>").Raw(Styles).Raw("</style></head><body><header><h1>Tiki VIP operations <small class=\"muted\" style=\"color:#b9c9dc\">")
            .Text(Context.User.Identity?.Name).Raw("</small></h1><nav>");
        foreach (var (path, name, vietnamese) in Sections)
        {
            html.Raw("<a").Attribute("href", path.Length == 0 ? BasePath + "/" : Link(path)).Raw(path == section, " aria-current=\"page\">", ">")
                .Text(name).Raw("<small lang=\"vi\">").Text(vietnamese).Raw("</small></a>");
        }

        html.Raw("</nav></header><main>");
        // Fixed texts only: a link must not be able to put words of its own on a support tool.
        var id = Context.Request.Query["id"].ToString();
        var done = Context.Request.Query["done"].ToString() switch
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
        if (done is not null)
        {
            html.Raw("<p class=\"done\" role=\"status\">").Text(done).Raw("</p>");
        }

        html.Append(body).Raw("</main><footer>Times are Vietnam time (UTC+7). Rendered ").Time(Now, Now).Raw(" by this instance.</footer></body></html>");

        var headers = Context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "same-origin";
        return Results.Content(html.ToString(), "text/html; charset=utf-8", null, statusCode);
    }
}
