namespace TikiVip.Sdk.Reconciliation.Delivery;

/// <summary>One file delivered to Tiki by an <see cref="IReconciliationTransport"/>.</summary>
public sealed class DeliveredFile
{
    /// <summary>Describes a delivered file (transports do this).</summary>
    /// <param name="name">The file name.</param>
    /// <param name="remotePath">Where it is at Tiki.</param>
    /// <param name="byteCount">Its size in bytes.</param>
    /// <param name="sha256">The SHA-256 of its bytes, hex.</param>
    /// <param name="alreadyPresent">Whether Tiki had this exact file already, so nothing was sent.</param>
    /// <exception cref="ArgumentException">A name, path or hash is empty.</exception>
    public DeliveredFile(string name, string remotePath, long byteCount, string sha256, bool alreadyPresent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        Name = name;
        RemotePath = remotePath;
        ByteCount = byteCount;
        Sha256 = sha256;
        AlreadyPresent = alreadyPresent;
    }

    /// <summary>The file name.</summary>
    public string Name { get; }

    /// <summary>Where it is at Tiki, e.g. <c>/IF_TIKI_VIP/INBOUND/tikivip_ACME_20261121_1</c> on the SFTP server.</summary>
    public string RemotePath { get; }

    /// <summary>Its size in bytes, as at Tiki.</summary>
    public long ByteCount { get; }

    /// <summary>The SHA-256 of its bytes, lowercase hex, the same on both sides.</summary>
    public string Sha256 { get; }

    /// <summary>Whether Tiki had this exact file already (a re-run), so nothing was sent.</summary>
    public bool AlreadyPresent { get; }
}
