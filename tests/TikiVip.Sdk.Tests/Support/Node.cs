using System.Diagnostics;

namespace TikiVip.Sdk.Tests.Support;

/// <summary>Runs JavaScript's own JSON.stringify(JSON.parse(...)) in Node, the reference the SDK's bytes must equal.</summary>
internal static class Node
{
    private static readonly Lazy<string?> Executable = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists));

    public static bool IsAvailable => Executable.Value is not null;

    public static async Task<byte[]> StringifyParsedAsync(byte[] json)
    {
        var start = new ProcessStartInfo(Executable.Value ?? throw new InvalidOperationException("node is not installed"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("const c=[];process.stdin.on('data',d=>c.push(d)).on('end',()=>process.stdout.write(JSON.stringify(JSON.parse(Buffer.concat(c).toString('utf8')))))");
        using var node = Process.Start(start)!;
        await node.StandardInput.BaseStream.WriteAsync(json);
        node.StandardInput.Close();
        using var output = new MemoryStream();
        var copy = node.StandardOutput.BaseStream.CopyToAsync(output);
        var error = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await node.WaitForExitAsync(timeout.Token);
        await copy;
        Assert.True(node.ExitCode == 0, "node failed: " + await error);
        return output.ToArray();
    }
}

/// <summary>A test that compares with Node: skipped, with the reason, where Node is not installed.</summary>
internal sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!Node.IsAvailable)
        {
            Skip = "node is not on PATH: no JavaScript JSON.stringify to compare with (.ci/run installs it).";
        }
    }
}

/// <summary>A theory that compares with Node: skipped, with the reason, where Node is not installed.</summary>
internal sealed class NodeTheoryAttribute : TheoryAttribute
{
    public NodeTheoryAttribute()
    {
        if (!Node.IsAvailable)
        {
            Skip = "node is not on PATH: no JavaScript JSON.stringify to compare with (.ci/run installs it).";
        }
    }
}
