using System.Security.Cryptography;
using System.Text;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Tests;

public sealed class SignatureTests
{
    [Theory]
    [InlineData(ApiReference.Vector1Timestamp, ApiReference.Vector1Data, ApiReference.Vector1Signature)]
    [InlineData(ApiReference.Vector2Timestamp, ApiReference.Vector2Data, ApiReference.Vector2Signature)]
    [InlineData(ApiReference.Vector3Timestamp, ApiReference.Vector3Data, ApiReference.Vector3Signature)]
    public void Compute_matches_every_vector_of_the_api_reference(long timestamp, string data, string expected)
    {
        Assert.Equal(expected, TikiVipSignature.Compute(timestamp, ApiReference.ClientId, data, ApiReference.ClientSecret));
        Assert.Equal(expected, TikiVipSignature.Compute(timestamp, ApiReference.ClientId, Encoding.UTF8.GetBytes(data), ApiReference.ClientSecret));
    }

    [Fact]
    public void Signatures_stay_right_on_many_threads_alternating_secrets()
    {
        // The keyed HMAC is cached per thread and secret: alternating secrets on parallel threads must never mix them.
        string[] secrets = [ApiReference.ClientSecret, "previous-secret-2f9a", "another-one-77"];
        var expected = secrets.Select(secret => TikiVipSignature.Compute(ApiReference.Vector1Timestamp, ApiReference.ClientId, ApiReference.Vector1Data, secret)).ToArray();
        Assert.Equal(ApiReference.Vector1Signature, expected[0]);

        var wrong = 0;
        Parallel.For(0, 20_000, i =>
        {
            var k = i % secrets.Length;
            if (TikiVipSignature.Compute(ApiReference.Vector1Timestamp, ApiReference.ClientId, ApiReference.Vector1Data, secrets[k]) != expected[k]
                || !TikiVipSignature.Verify(expected[k], ApiReference.Vector1Timestamp, ApiReference.ClientId, System.Text.Encoding.UTF8.GetBytes(ApiReference.Vector1Data), secrets[k]))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void Vietnamese_body_is_signed_as_its_utf8_bytes()
    {
        // Vector 3 contains "Khách hàng huỷ gói": signing any other encoding of it must not match.
        var latin1 = Encoding.Latin1.GetBytes(ApiReference.Vector3Data);
        Assert.NotEqual(ApiReference.Vector3Signature, TikiVipSignature.Compute(ApiReference.Vector3Timestamp, ApiReference.ClientId, latin1, ApiReference.ClientSecret));
    }

    [Fact]
    public void Compute_follows_the_documented_algorithm_including_the_intermediate_value()
    {
        // The API reference gives the base64url intermediate of vector 1.
        const string Encoded = "MTYyMDYyMTYxOTU2OS5STENLYjdBZTlreDREWHRYc0NXam5EWHRnZ0ZuTTQzVy57ImlkIjoxMjN9";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiReference.ClientSecret), Encoding.UTF8.GetBytes(Encoded)));
        Assert.Equal(expected, TikiVipSignature.Compute(ApiReference.Vector1Timestamp, ApiReference.ClientId, ApiReference.Vector1Data, ApiReference.ClientSecret));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(300)]
    [InlineData(5000)]
    [InlineData(200_000)]
    public void Compute_equals_a_naive_reference_for_any_body_size(int size)
    {
        // Covers the stack and the pooled-buffer paths, and every base64 padding case.
        var body = new byte[size];
        new Random(size).NextBytes(body);
        Assert.Equal(Naive(42, "client", body, "secret"), TikiVipSignature.Compute(42, "client", body, "secret"));
    }

    [Theory]
    [InlineData(ApiReference.Vector1Timestamp, ApiReference.Vector1Data, ApiReference.Vector1Signature)]
    [InlineData(ApiReference.Vector3Timestamp, ApiReference.Vector3Data, ApiReference.Vector3Signature)]
    public void Verify_accepts_the_vectors_in_either_hex_case(long timestamp, string data, string signature)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        Assert.True(TikiVipSignature.Verify(signature, timestamp, ApiReference.ClientId, bytes, ApiReference.ClientSecret));
        Assert.True(TikiVipSignature.Verify(signature.ToUpperInvariant(), timestamp, ApiReference.ClientId, bytes, ApiReference.ClientSecret));
    }

    [Fact]
    public void Verify_rejects_a_wrong_secret()
    {
        Assert.False(VerifyVector3(secret: ApiReference.ClientSecret[..^1] + "X"));
    }

    [Fact]
    public void Verify_rejects_an_altered_body_byte()
    {
        var body = Encoding.UTF8.GetBytes(ApiReference.Vector3Data);
        for (var i = 0; i < body.Length; i += 17)
        {
            body[i] ^= 0x01;
            Assert.False(VerifyVector3(body: body));
            body[i] ^= 0x01;
        }

        Assert.True(VerifyVector3(body: body));
    }

    [Fact]
    public void Verify_rejects_an_altered_timestamp()
    {
        Assert.False(VerifyVector3(timestamp: ApiReference.Vector3Timestamp + 1));
    }

    [Fact]
    public void Verify_rejects_an_altered_client_id()
    {
        Assert.False(VerifyVector3(clientId: "RLCKb7Ae9kx4DXtXsCWjnDXtggFnM43X"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("498e7c98")]
    [InlineData("498e7c98271018b983380c7b06d57f7bc08f0e276ec00a3c385546fc124a352")]
    [InlineData("498e7c98271018b983380c7b06d57f7bc08f0e276ec00a3c385546fc124a35266")]
    [InlineData("zz8e7c98271018b983380c7b06d57f7bc08f0e276ec00a3c385546fc124a3526")]
    [InlineData("498e7c98271018b983380c7b06d57f7bc08f0e276ec00a3c385546fc124a352 ")]
    public void Verify_returns_false_for_a_malformed_signature_instead_of_throwing(string signature)
    {
        Assert.False(VerifyVector3(signature: signature));
    }

    [Fact]
    public void Compute_rejects_a_negative_timestamp()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TikiVipSignature.Compute(-1, "c", "data", "s"));
    }

    [Theory]
    [InlineData("/miniapp/tikivip/", "/miniapp/tikivip/transaction?tiki_transaction_id=221115TIKIVIP-235784371-1668488254", ApiReference.Vector2Data)]
    [InlineData("/", "/transaction?tiki_transaction_id=221115TIKIVIP-235784371-1668488254", ApiReference.Vector2Data)]
    [InlineData("/miniapp/tikivip", "/miniapp/tikivip/transaction?x=a%20b", "/transaction?x=a%20b")]
    [InlineData("/other/", "/miniapp/tikivip/transaction", "/miniapp/tikivip/transaction")]
    public void Bodyless_requests_sign_the_path_and_query_relative_to_the_base(string basePath, string pathAndQuery, string expected)
    {
        Assert.Equal(expected, SignedData.ForBodylessRequest(basePath, pathAndQuery));
    }

    [Fact]
    public void Bodyless_data_from_uris_keeps_percent_encoding_as_on_the_wire()
    {
        var data = SignedData.ForBodylessRequest(
            new Uri("https://api.tiki.vn/miniapp/tikivip/"),
            new Uri("https://api.tiki.vn/miniapp/tikivip/transaction?tiki_transaction_id=A%2BB%20C"));
        Assert.Equal("/transaction?tiki_transaction_id=A%2BB%20C", data);
    }

    private static bool VerifyVector3(string? signature = null, long? timestamp = null, string? clientId = null, byte[]? body = null, string? secret = null) =>
        TikiVipSignature.Verify(
            signature ?? ApiReference.Vector3Signature,
            timestamp ?? ApiReference.Vector3Timestamp,
            clientId ?? ApiReference.ClientId,
            body ?? Encoding.UTF8.GetBytes(ApiReference.Vector3Data),
            secret ?? ApiReference.ClientSecret);

    private static string Naive(long timestamp, string clientId, byte[] data, string secret)
    {
        var payload = Encoding.UTF8.GetBytes(timestamp + "." + clientId + ".").Concat(data).ToArray();
        var encoded = Convert.ToBase64String(payload).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(encoded))).ToLowerInvariant();
    }
}
