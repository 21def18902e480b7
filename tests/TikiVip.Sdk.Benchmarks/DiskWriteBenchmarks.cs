using BenchmarkDotNet.Attributes;
using TikiVip.Sdk.Reconciliation;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>
/// A day of 1,000,000 rows written to disk (two files, Tiki's 500,000-row split) by the writer and the directory
/// sink, against the physical floor: the same bytes written with a plain <see cref="FileStream"/>, made durable
/// (fsync) and renamed into place the same way. Each invocation writes into a fresh directory.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
public class DiskWriteBenchmarks
{
    private const int Rows = 1_000_000;
    private static readonly DateOnly Day = new(2026, 11, 21);
    private readonly List<(string Name, byte[] Bytes)> _files = [];
    private ReconciliationRecord[] _pool = [];
    private string _root = "";
    private string _directory = "";

    [GlobalSetup]
    public async Task Setup()
    {
        _pool = ReconciliationBenchmarks.Pool();
        _root = Path.Combine(Path.GetTempPath(), "tikivip-diskbench-" + Guid.NewGuid().ToString("N"));
        var reference = Path.Combine(_root, "reference");
        var result = await Writer().WriteAsync(Records(), new ReconciliationDirectorySink(reference));
        foreach (var file in result.Files)
        {
            _files.Add((file.Name, await File.ReadAllBytesAsync(Path.Combine(reference, file.Name))));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [IterationSetup]
    public void NewDirectory()
    {
        _directory = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [IterationCleanup]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "floor: the same bytes, FileStream + fsync + rename")]
    public async Task<long> PlainFileStream()
    {
        long written = 0;
        foreach (var (name, bytes) in _files)
        {
            var temp = Path.Combine(_directory, "." + name + ".partial");
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await stream.WriteAsync(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path.Combine(_directory, name));
            written += bytes.Length;
        }

        return written;
    }

    [Benchmark(Description = "ReconciliationFileWriter + ReconciliationDirectorySink (validate, format, SHA-256, fsync, rename)")]
    public async Task<long> Writer1M()
    {
        var result = await Writer().WriteAsync(Records(), new ReconciliationDirectorySink(_directory));
        return result.TotalRows;
    }

    private static ReconciliationFileWriter Writer() => new(new ReconciliationOptions { PartnerName = "ACME", Date = Day });

    private IEnumerable<ReconciliationRecord> Records()
    {
        for (var i = 0; i < Rows; i++)
        {
            yield return _pool[i % _pool.Length];
        }
    }
}
