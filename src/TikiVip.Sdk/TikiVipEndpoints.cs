namespace TikiVip.Sdk;

/// <summary>Tiki VIP's published base addresses.</summary>
public static class TikiVipEndpoints
{
    /// <summary>Production: <c>https://api.tiki.vn/miniapp/tikivip/</c>.</summary>
    public static Uri Production { get; } = new("https://api.tiki.vn/miniapp/tikivip/");

    /// <summary>Sandbox (UAT): <c>https://api.tala.xyz/miniapp/tikivip/</c>.</summary>
    public static Uri Sandbox { get; } = new("https://api.tala.xyz/miniapp/tikivip/");
}
