namespace TikiVip.Sdk.Operations.Pages;

/// <summary>How a figure or a badge reads at a glance; each is one of the page's own CSS classes.</summary>
internal enum Tone
{
    None,
    Ok,
    Warn,
    Bad,
}
