using System.Net;
using System.Text;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>
/// Every body the SDK signs is byte-identical to JSON.stringify(JSON.parse(body)), so the signature verifies whether
/// Tiki checks the raw bytes or re-serialises what it parsed (API reference, "Signing": data is the body as sent;
/// Tiki's signing page computes json_stringify(body)). Compared with Node's own JSON.stringify.
/// </summary>
public sealed class JsonStringifyTests
{
    public static readonly string[] HostileTexts =
    [
        "Nguyễn Văn Á, Trần Thị Hồng Nhung",                         // Vietnamese, precomposed (NFC)
        "Nguye\u0302\u0303n Va\u0306n A\u0301",                       // the same, decomposed (NFD)
        "😀 👍🏽 🇻🇳 𝄞",                                                   // supplementary planes, ZWJ-free sequences
        "a+b & <script>alert('x')</script> / c",                     // HTML-sensitive and the characters STJ escapes by default
        "quote \" backslash \\ slash /",
        "\u0001\u0002\b\t\n\u000b\f\r\u001e\u001f end",              // every control-character form
        "line\u2028separator\u2029paragraph \u007f del \u00a0 nbsp \ufeff bom",
    ];

    [NodeFact]
    public async Task Ipn_bodies_are_exactly_what_JSON_stringify_writes()
    {
        foreach (var text in HostileTexts)
        {
            var body = await CapturedBodyAsync(c => c.SubmitIpnAsync(new IpnRequest("TIKI-" + text, text, 100_000, TikiVipTransactionStatus.Success)
            {
                PartnerBankingMethod = text,
            }), "payment/ipn", """{"code":0}""");

            Assert.Equal(Encoding.UTF8.GetString(await Node.StringifyParsedAsync(body)), Encoding.UTF8.GetString(body));
        }
    }

    [NodeFact]
    public async Task Webview_bodies_with_a_vietnamese_full_name_are_exactly_what_JSON_stringify_writes()
    {
        foreach (var text in HostileTexts)
        {
            var body = await CapturedBodyAsync(c => c.CreateWebviewAsync(new WebviewRequest("CUSTOMER-" + text, "0912345678") { IdentifyFullName = text }),
                "webview", """{"code":0,"data":{"url_open":"https://tiki.vn/a","url_checkout_result":"https://tiki.vn/b"}}""");

            Assert.Equal(Encoding.UTF8.GetString(await Node.StringifyParsedAsync(body)), Encoding.UTF8.GetString(body));
        }
    }

    [Fact]
    public async Task Non_ascii_and_html_characters_are_sent_as_utf8_not_as_escapes()
    {
        var body = await CapturedBodyAsync(c => c.CreateWebviewAsync(new WebviewRequest("C-1", "0912345678") { IdentifyFullName = "Nguyễn <&> 😀" }),
            "webview", """{"code":0,"data":{"url_open":"https://tiki.vn/a","url_checkout_result":"https://tiki.vn/b"}}""");

        Assert.Equal("""{"identify_code":"C-1","identify_phone":912345678,"identify_fullname":"Nguyễn <&> 😀"}""", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void A_lone_surrogate_is_refused_before_anything_is_sent()
    {
        var ex = Assert.Throws<ArgumentException>(() => new IpnRequest("T", "P-\ud800", 1, TikiVipTransactionStatus.Success));

        Assert.Equal("transactionId", ex.ParamName);
        Assert.Contains("UTF-16", ex.Message);
    }

    private static async Task<byte[]> CapturedBodyAsync(Func<ITikiVipClient, Task> call, string path, string answer)
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, ClientHarness.BaseAddress + path).Then(HttpStatusCode.OK, answer);
        await call(harness.Client);
        var request = Assert.Single(wire.Requests);
        Assert.True(request.BodySignatureIsValid());
        return request.Body;
    }
}
