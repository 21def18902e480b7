namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Publishes reconciliation files into a directory (e.g. one an uploader picks files up from). Each file is
/// written under a unique hidden name (<c>.{name}.{random}.partial</c>, created exclusively) and renamed when
/// the whole day is complete; a day is locked by its hidden <c>.{set}.lock</c> file while it is written, a lock
/// the operating system releases if the process dies. Uploaders should skip names starting with a dot.
/// </summary>
public sealed class ReconciliationDirectorySink : IReconciliationFileSink
{
    /// <summary>Uses <paramref name="directory"/>, creating it if needed.</summary>
    /// <param name="directory">The folder to publish into; created when missing.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    public ReconciliationDirectorySink(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The full path of the directory.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public ValueTask<IReconciliationFileSet> BeginAsync(string setName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setName);
        cancellationToken.ThrowIfCancellationRequested();
        System.IO.Directory.CreateDirectory(Directory);
        var lockPath = Path.Combine(Directory, "." + setName + ".lock");
        FileStream held;
        try
        {
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new ReconciliationException(
                $"Another writer is writing {setName} in {Directory} now (it holds {lockPath}); nothing was written. Try again when it is done.", null, ex);
        }

        return new(new DirectoryFileSet(Directory, held));
    }

    private sealed class DirectoryFileSet(string directory, FileStream held) : IReconciliationFileSet
    {
        private readonly List<(string Final, string Temp)> _files = [];
        private bool _published;

        public ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken)
        {
            var final = Path.Combine(directory, fileName);
            if (File.Exists(final))
            {
                throw new ReconciliationException($"'{final}' already exists; it is not overwritten. Use another FirstFileNumber or remove it.");
            }

            var temp = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.partial");
            Stream stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            _files.Add((final, temp));
            return new(stream);
        }

        public ValueTask PublishAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in _files)
            {
                // On disk before it has its name: after a crash a published name never holds a short file.
                using var written = new FileStream(file.Temp, FileMode.Open, FileAccess.Write, FileShare.None);
                written.Flush(flushToDisk: true);
            }

            var moved = new List<(string Final, string Temp)>();
            try
            {
                foreach (var file in _files)
                {
                    File.Move(file.Temp, file.Final, overwrite: false);
                    moved.Add(file);
                }
            }
            catch (IOException ex)
            {
                // A set is published whole or not at all: take back what was already renamed.
                foreach (var file in moved)
                {
                    try
                    {
                        File.Move(file.Final, file.Temp, overwrite: false);
                    }
                    catch (IOException)
                    {
                        // Left published; reported below with the rest.
                    }
                }

                throw new ReconciliationException($"The day's files could not be published in {directory}, so none was: {ex.Message}", null, ex);
            }

            _published = true;
            return default;
        }

        public ValueTask DisposeAsync()
        {
            if (!_published)
            {
                foreach (var file in _files)
                {
                    try
                    {
                        File.Delete(file.Temp);
                    }
                    catch (IOException)
                    {
                        // Best effort: the writer's own error is what the caller must see.
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }
            }

            held.Dispose(); // releases the day's lock; the empty lock file stays, so no two writers race on a new one
            return default;
        }
    }
}
