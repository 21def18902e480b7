namespace TikiVip.Sdk;

/// <summary>A Tiki VIP environment with a known base address.</summary>
public enum TikiVipEnvironment
{
    /// <summary>Tiki's live API: <c>https://api.tiki.vn/miniapp/tikivip/</c>.</summary>
    Production = 1,

    /// <summary>Tiki's UAT sandbox: <c>https://api.tala.xyz/miniapp/tikivip/</c>.</summary>
    Sandbox = 2,
}
