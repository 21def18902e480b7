using Microsoft.Extensions.Hosting;

namespace TikiVip.Sdk.Operations;

/// <summary>Creates the call statistics at start-up, so they count from the first call rather than from the first page view.</summary>
internal sealed class CallStatisticsStarter(CallStatistics statistics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(statistics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
