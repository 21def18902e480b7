namespace TikiVip.Sdk.Reconciliation.Sftp;

/// <summary>One file delivered to Tiki's SFTP server by <see cref="ReconciliationSftpClient"/>.</summary>
public sealed class SftpUpload
{
    internal SftpUpload(string name, string remotePath, long byteCount, string sha256, bool alreadyPresent)
    {
        Name = name;
        RemotePath = remotePath;
        ByteCount = byteCount;
        Sha256 = sha256;
        AlreadyPresent = alreadyPresent;
    }

    /// <summary>The file name.</summary>
    public string Name { get; }

    /// <summary>Where it is on the server, e.g. <c>/IF_TIKI_VIP/INBOUND/tikivip_ACME_20261121_1</c>.</summary>
    public string RemotePath { get; }

    /// <summary>Its size in bytes, as on the server.</summary>
    public long ByteCount { get; }

    /// <summary>The SHA-256 of its bytes, lowercase hex, the same on both sides.</summary>
    public string Sha256 { get; }

    /// <summary>Whether the server had this exact file already (a re-run), so nothing was sent.</summary>
    public bool AlreadyPresent { get; }
}
