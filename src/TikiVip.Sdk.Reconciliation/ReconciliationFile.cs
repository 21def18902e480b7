namespace TikiVip.Sdk.Reconciliation;

/// <summary>One completed reconciliation file.</summary>
public sealed class ReconciliationFile
{
    internal ReconciliationFile(string name, long rowCount, long byteCount, string sha256)
    {
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
