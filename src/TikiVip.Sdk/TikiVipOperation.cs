namespace TikiVip.Sdk;

/// <summary>The Tiki VIP API operations the client performs.</summary>
public enum TikiVipOperation
{
    /// <summary>POST <c>payment/ipn</c>: report a payment's outcome.</summary>
    SubmitIpn = 1,

    /// <summary>GET <c>transaction</c>: look up a transaction's status.</summary>
    GetTransaction = 2,

    /// <summary>POST <c>webview</c>: create the links that open the partner's app in Tiki.</summary>
    CreateWebview = 3,
}
