namespace TikiVip.Sdk;

/// <summary>The state of a Tiki VIP payment, as reported in an IPN and as recorded by Tiki.</summary>
public enum TikiVipTransactionStatus
{
    /// <summary><c>SUCCESS</c>: the customer paid.</summary>
    Success = 1,

    /// <summary><c>FAILURE</c>: the payment failed.</summary>
    Failure = 2,

    /// <summary><c>PENDING</c>: awaiting payment.</summary>
    Pending = 3,
}
