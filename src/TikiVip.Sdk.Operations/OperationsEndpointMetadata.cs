namespace TikiVip.Sdk.Operations;

/// <summary>Marks the operations page's endpoints, so the start-up check finds them among the application's.</summary>
internal sealed class OperationsEndpointMetadata(string pattern)
{
    public string Pattern { get; } = pattern;
}

/// <summary>The partner's explicit, development-only opt-out of authorization.</summary>
internal sealed class AnonymousForLocalDevelopmentMetadata;
