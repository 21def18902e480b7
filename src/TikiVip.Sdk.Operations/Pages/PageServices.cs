using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>
/// What a view is rendered with: the request's services, plus the page and its view model (each view receives
/// them by <c>@inject</c>, so neither has to be public) and the page's HTML encoder.
/// </summary>
internal sealed class PageServices(IServiceProvider requestServices, OperationsPage page, object model) : IServiceProvider
{
    // Vietnamese and symbols stay readable in the markup; only what HTML treats specially is encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public object? GetService(Type serviceType) =>
        serviceType == model.GetType() ? model
        : serviceType == typeof(OperationsPage) ? page
        : serviceType == typeof(HtmlEncoder) ? Encoder
        : requestServices.GetService(serviceType);
}
