namespace TikiVip.Sdk;

/// <summary>The result codes Tiki documents for its partner API.</summary>
public enum TikiVipResultCode
{
    /// <summary>0: success.</summary>
    Success = 0,

    /// <summary>1: the request was invalid.</summary>
    InvalidRequest = 1,

    /// <summary>2: a system error on Tiki's side.</summary>
    SystemError = 2,

    /// <summary>3: Tiki does not know the transaction.</summary>
    TransactionNotFound = 3,

    /// <summary>4: the transaction belongs to another partner.</summary>
    TransactionNotOwned = 4,

    /// <summary>5: the amount does not match Tiki's transaction.</summary>
    InvalidAmount = 5,

    /// <summary>6: the transaction was cancelled.</summary>
    TransactionCancelled = 6,
}
