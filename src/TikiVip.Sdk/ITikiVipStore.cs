namespace TikiVip.Sdk;

/// <summary>
/// Implemented by a store (idempotency, quarantine, history, outbox, reconciliation runs) to say where it keeps
/// its data, so the operations page and other tools describe it rightly instead of guessing from its type.
/// A store that does not implement it is shown without a description.
/// </summary>
public interface ITikiVipStore
{
    /// <summary>
    /// Whether every instance of the application sees the same data (a database), rather than this process
    /// alone until it restarts (memory).
    /// </summary>
    bool IsSharedByInstances { get; }

    /// <summary>Where the data is, in a few words for a person, e.g. "PostgreSQL, schema tikivip".</summary>
    string StorageDescription { get; }
}
