using Microsoft.AspNetCore.Routing;

namespace TikiVip.Sdk.Operations;

/// <summary>Where the page was mapped: the start-up check reads the endpoints from these data sources once they are final.</summary>
internal sealed class OperationsRegistry
{
    private readonly List<ICollection<EndpointDataSource>> _dataSources = [];

    public void Add(ICollection<EndpointDataSource> dataSources)
    {
        lock (_dataSources)
        {
            if (!_dataSources.Contains(dataSources))
            {
                _dataSources.Add(dataSources);
            }
        }
    }

    public IEnumerable<Microsoft.AspNetCore.Http.Endpoint> Endpoints()
    {
        lock (_dataSources)
        {
            return _dataSources.SelectMany(sources => sources).SelectMany(source => source.Endpoints).ToArray();
        }
    }
}
