namespace TikiVip.Sdk.Reconciliation.Sftp;

/// <summary>One of Tiki's result files fetched by <see cref="ReconciliationSftpClient.FetchResultsAsync"/>.</summary>
public sealed class SftpDownload
{
    internal SftpDownload(string name, string localPath, long byteCount, DateTimeOffset modifiedAt)
    {
        Name = name;
        LocalPath = localPath;
        ByteCount = byteCount;
        ModifiedAt = modifiedAt;
    }

    /// <summary>The file name on the server.</summary>
    public string Name { get; }

    /// <summary>Where the raw file is kept locally.</summary>
    public string LocalPath { get; }

    /// <summary>Its size in bytes.</summary>
    public long ByteCount { get; }

    /// <summary>When Tiki last wrote it (the server's modification time), kept on the local copy too.</summary>
    public DateTimeOffset ModifiedAt { get; }
}
