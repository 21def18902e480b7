using System.Globalization;
using BenchmarkDotNet.Running;
using TikiVip.Sdk.Benchmarks.Http;

switch (args.FirstOrDefault())
{
    case "--http-server":
        HttpBenchmarkServer.Run(args[1..]);
        return 0;
    case "--write-requests" when args.Length == 4:
        HttpBenchmarkServer.WriteRequests(int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3]);
        return 0;
    default:
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
