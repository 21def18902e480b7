namespace TikiVip.Sdk.Operations;

/// <summary>
/// Marks that <c>AddOperations</c> registered the page's services, so <c>MapTikiVipOperations</c> can say what is
/// missing instead of failing on the first request. The start-up check reads the final endpoints from routing.
/// </summary>
internal sealed class OperationsRegistry;
