using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>Signing and verifying a 300-byte body against the physical floor (a keyed HMAC reused per secret, over the already-encoded payload) and a naive implementation.</summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime of the benchmark object.
public class SigningBenchmarks
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(Credentials.ClientSecret);
    private readonly byte[] _body = Credentials.Body300;
    private byte[] _encodedPayload = [];
    private string _signature = "";
    private HMACSHA256 _keyed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var payload = Encoding.UTF8.GetBytes($"{Credentials.Timestamp}.{Credentials.ClientId}.").Concat(_body).ToArray();
        _encodedPayload = Encoding.ASCII.GetBytes(Convert.ToBase64String(payload).Replace('+', '-').Replace('/', '_').TrimEnd('='));
        _keyed = new HMACSHA256(_key);
        _signature = TikiVipSignature.Compute(Credentials.Timestamp, Credentials.ClientId, _body, Credentials.ClientSecret);
        if (_signature != Naive() || _signature != Convert.ToHexStringLower(HMACSHA256.HashData(_key, _encodedPayload)))
        {
            throw new InvalidOperationException("The implementations disagree; the comparison would be meaningless.");
        }
    }

    [Benchmark(Description = "one-shot HMACSHA256.HashData over the encoded payload (re-keys every call)")]
    public byte Floor()
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, _encodedPayload, hash);
        return hash[0];
    }

    [Benchmark(Baseline = true, Description = "floor: one keyed HMACSHA256 reused, over the encoded payload")]
    public byte KeyedFloor()
    {
        Span<byte> hash = stackalloc byte[32];
        _keyed.TryComputeHash(_encodedPayload, hash, out _);
        return hash[0];
    }

    [Benchmark(Description = "TikiVipSignature.Compute")]
    public string Sign() => TikiVipSignature.Compute(Credentials.Timestamp, Credentials.ClientId, _body, Credentials.ClientSecret);

    [Benchmark(Description = "TikiVipSignature.Verify")]
    public bool Verify() => TikiVipSignature.Verify(_signature, Credentials.Timestamp, Credentials.ClientId, _body, Credentials.ClientSecret);

    [Benchmark(Description = "naive: concat, ToBase64String+Replace, new HMACSHA256, ToHexString().ToLowerInvariant()")]
    public string Naive()
    {
        var payload = Credentials.Timestamp + "." + Credentials.ClientId + "." + Encoding.UTF8.GetString(_body);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).Replace('+', '-').Replace('/', '_').Replace("=", "", StringComparison.Ordinal);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Credentials.ClientSecret));
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(encoded))).ToLowerInvariant();
    }
}
