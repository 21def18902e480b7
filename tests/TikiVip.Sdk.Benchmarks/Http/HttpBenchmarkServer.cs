using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Benchmarks.Http;

/// <summary>For Http/run.sh: the refund endpoint and a bare endpoint in one server, and a file of signed requests for wrk.</summary>
internal static class HttpBenchmarkServer
{
    /// <summary>The bare floor's answer: the same JSON the refund endpoint gives an accepted refund of the run's ids.</summary>
    private static readonly byte[] BareAnswer = System.Text.Encoding.UTF8.GetBytes("""{"status":"accepted","request_id":"measure-0000000"}""");

    /// <summary>
    /// <c>--logging off</c> (no providers), or <c>--logging template</c>: what the ASP.NET Core template configures,
    /// the console at Information with <c>Microsoft.AspNetCore</c> at Warning.
    /// </summary>
    public static void Run(string[] args)
    {
        var template = args.SkipWhile(a => a != "--logging").Skip(1).FirstOrDefault() == "template";
        var rest = args.Where((a, i) => a != "--logging" && (i == 0 || args[i - 1] != "--logging")).ToArray();
        var builder = WebApplication.CreateSlimBuilder(rest);
        builder.Logging.ClearProviders();
        if (template)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        builder.Services.AddTikiVip(o =>
            {
                o.ClientId = Credentials.ClientId;
                o.ClientSecret = Credentials.ClientSecret;
                o.Environment = TikiVipEnvironment.Sandbox;
            })
            .AddRefundHandler<NoOpRefundHandler>();
        var app = builder.Build();
        app.MapPost("/bare", async context =>
        {
            // The floor: read the body and write the same answer, with nothing checked.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = BareAnswer.Length;
            await context.Response.Body.WriteAsync(BareAnswer, context.RequestAborted);
        });
        app.MapTikiVipRefunds("/tikivip/refunds");
        app.Run();
    }

    /// <summary>Writes <paramref name="count"/> signed refunds with distinct request ids as "timestamp TAB signature TAB body" lines.</summary>
    public static void WriteRequests(int count, string prefix, string path)
    {
        using var writer = new StreamWriter(path);
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            // A payment of its own per refund: refunds of one transaction may not add up to more than it.
            var refund = new RefundRequest($"221115TIKIVIP-235784371-{i:D10}", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ gói", $"{prefix}-{i:D7}");
            var signed = TikiVipSignedRequest.ForRefund(refund, Credentials.ClientId, Credentials.ClientSecret, now);
            writer.Write(signed.Timestamp.ToString(CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.Write(signed.Signature);
            writer.Write('\t');
            writer.Write(signed.BodyText);
            writer.Write('\n');
        }
    }
}
