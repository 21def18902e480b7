using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.AspNetCore;

/// <summary>Adapts an <see cref="HttpContext"/> to the core refund pipeline and back. No logic of its own.</summary>
internal static class RefundEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var delivery = new RefundDelivery(request.Method, request.Body)
        {
            ContentType = request.ContentType,
            ContentLength = request.ContentLength,
            Timestamp = Single(request.Headers[TikiVipHeaders.Timestamp]),
            ClientId = Single(request.Headers[TikiVipHeaders.ClientId]),
            Signature = Single(request.Headers[TikiVipHeaders.Signature]),
            TiniappTimestamp = Single(request.Headers[TikiVipHeaders.TiniappTimestamp]),
            TiniappClientId = Single(request.Headers[TikiVipHeaders.TiniappClientId]),
            TiniappSignature = Single(request.Headers[TikiVipHeaders.TiniappSignature]),
        };

        var processor = context.RequestServices.GetRequiredService<TikiVipRefundProcessor>();
        var result = await processor.ProcessAsync(delivery, context.RequestServices, context.RequestAborted).ConfigureAwait(false);

        var response = context.Response;
        response.StatusCode = result.StatusCode;
        response.ContentType = "application/json";
        response.ContentLength = result.Body.Length;
        if (result.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            response.Headers.Allow = "POST";
        }

        await response.Body.WriteAsync(result.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Throws at start-up, not at the first refund, when the application forgot to register a handler.</summary>
    public static void EnsureRegistered(IServiceProvider services)
    {
        var isService = services.GetService<IServiceProviderIsService>();
        if (isService is not null && (!isService.IsService(typeof(IRefundHandler)) || !isService.IsService(typeof(TikiVipRefundProcessor))))
        {
            throw new InvalidOperationException(
                "No Tiki VIP refund handler is registered. Call services.AddTikiVip(...).AddRefundHandler<YourRefundHandler>() " +
                "before mapping the refund endpoint.");
        }
    }

    // A repeated signature header is ambiguous, so it counts as missing.
    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;
}
