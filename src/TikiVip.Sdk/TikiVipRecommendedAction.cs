namespace TikiVip.Sdk;

/// <summary>What Tiki recommends the partner does after a failed call.</summary>
public enum TikiVipRecommendedAction
{
    /// <summary>Tiki gives no recommendation.</summary>
    None = 0,

    /// <summary>The request was wrong: fix it before sending it again.</summary>
    CheckRequest,

    /// <summary>The failure is transient: try again later.</summary>
    Retry,

    /// <summary>Tiki will not honour the payment: the customer is (or must be) refunded; do not deliver the service.</summary>
    RefundCustomer,

    /// <summary>The Tiki transaction id is wrong or belongs to another partner: check it.</summary>
    CheckTransactionId,

    /// <summary>Tiki refused the credentials or signature: check the client id, secret and clock.</summary>
    CheckCredentials,

    /// <summary>Tiki has not decided yet (the transaction is PENDING): neither deliver nor refund; look it up again later.</summary>
    LookUpAgain,
}
