namespace TikiVip.Sdk.Reconciliation;

/// <summary>One completed reconciliation file.</summary>
public sealed class ReconciliationFile
{
    /// <summary>Describes a file, e.g. as a run store read it back.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="rowCount">Data rows, header excluded.</param>
    /// <param name="byteCount">Size in bytes.</param>
    /// <param name="sha256">SHA-256 of the file's bytes, lowercase hex.</param>
    public ReconciliationFile(string name, long rowCount, long byteCount, string sha256)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        Name = name;
        RowCount = rowCount;
        ByteCount = byteCount;
        Sha256 = sha256;
    }

    /// <summary>The file name, e.g. <c>tikivip_ACME_20261121_1</c>.</summary>
    public string Name { get; }

    /// <summary>Data rows, header excluded.</summary>
    public long RowCount { get; }

    /// <summary>Size in bytes.</summary>
    public long ByteCount { get; }

    /// <summary>SHA-256 of the file's bytes, lowercase hex.</summary>
    public string Sha256 { get; }
}
