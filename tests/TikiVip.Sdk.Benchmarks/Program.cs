using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using TikiVip.Sdk.Benchmarks.Http;

switch (args.FirstOrDefault())
{
    case "--http-server":
        HttpBenchmarkServer.Run(args[1..]);
        return 0;
    case "--outbox" when args.Length >= 2:
        return await TikiVip.Sdk.Benchmarks.Outbox.OutboxThroughput.RunAsync(args[1], args[2..]);
    case "--store-memory":
        TikiVip.Sdk.Benchmarks.StoreMemory.Run();
        return 0;
    case "--write-requests" when args.Length == 4:
        HttpBenchmarkServer.WriteRequests(int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3]);
        return 0;
    default:
        // Every job (--job short, dry, ...) on workstation GC: under server GC BenchmarkDotNet 0.14's Allocated
        // column read 0 B for allocating code in some runs.
        var config = DefaultConfig.Instance.AddJob(Job.Default.WithGcServer(false).AsMutator());
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
