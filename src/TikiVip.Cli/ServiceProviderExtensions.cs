using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk;

namespace TikiVip.Cli;

internal static class ServiceProviderExtensions
{
    public static ITikiVipClient GetClient(this IServiceProvider services) => services.GetRequiredService<ITikiVipClient>();
}
