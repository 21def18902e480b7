using System.Text;
using TikiVip.Sdk.Json;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>The SDK's JSON.stringify(JSON.parse(x)), used to accept refunds signed over the re-serialised body.</summary>
public sealed class JsonCanonicalizationTests
{
    public static TheoryData<string> Documents => new()
    {
        ApiReference.Vector3Data,
        """  { "tiki_transaction_id" : "T-1", "transaction_amount" : 100000 ,"reason":"Kh\u00e1ch h\u00e0ng hu\u1ef7 g\u00f3i"}  """,
        """{"a":1,"b":2,"a":3}""",
        """{"n":[1.0, 1e2, 1.5e-7, 0.000001, -0, 123456789012345678901234, 1E21, 1e20, 2.5E-5, 0.1, 100000.00]}""",
        """{"s":"\/ \" \\ \b\f\n\r\t \u0001 \u001F \u2028 \uD83D\uDE00 <&>'"}""",
        """{"nested":{"x":[true,false,null,{"y":"z"}],"empty":{},"list":[]}}""",
        """[1,"two",{"three":3}]""",
    };

    [NodeTheory]
    [MemberData(nameof(Documents))]
    public async Task Canonical_form_equals_javascripts(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var expected = await Node.StringifyParsedAsync(bytes);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(JsonStringify.Canonicalize(bytes)!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("not json")]
    public void Text_that_is_not_json_has_no_canonical_form(string text)
    {
        Assert.Null(JsonStringify.Canonicalize(Encoding.UTF8.GetBytes(text)));
    }
}
