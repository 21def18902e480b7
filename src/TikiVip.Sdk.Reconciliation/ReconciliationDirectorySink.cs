namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Writes reconciliation files into a directory (e.g. the one an SFTP job uploads to <c>/IF_TIKI_VIP/INBOUND</c>).
/// Files are written as hidden <c>.{name}.partial</c> and renamed when the whole day is complete.
/// </summary>
public sealed class ReconciliationDirectorySink : IReconciliationFileSink
{
    /// <summary>Uses <paramref name="directory"/>, creating it if needed.</summary>
    /// <param name="directory">The folder to publish into; created when missing.</param>
    public ReconciliationDirectorySink(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The full path of the directory.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (File.Exists(FinalPath(fileName)))
        {
            throw new ReconciliationException($"'{FinalPath(fileName)}' already exists; it is not overwritten. Use another FirstFileNumber or remove it.");
        }

        Stream stream = new FileStream(TempPath(fileName), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        return new(stream);
    }

    /// <inheritdoc/>
    public ValueTask PublishAsync(IReadOnlyList<string> fileNames, CancellationToken cancellationToken)
    {
        foreach (var name in fileNames)
        {
            File.Move(TempPath(name), FinalPath(name), overwrite: false);
        }

        return default;
    }

    /// <inheritdoc/>
    public ValueTask DiscardAsync(IReadOnlyList<string> fileNames)
    {
        foreach (var name in fileNames)
        {
            File.Delete(TempPath(name));
        }

        return default;
    }

    private string FinalPath(string fileName) => Path.Combine(Directory, fileName);

    private string TempPath(string fileName) => Path.Combine(Directory, "." + fileName + ".partial");
}
