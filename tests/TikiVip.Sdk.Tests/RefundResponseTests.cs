using System.Text;
using System.Text.Json;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Tests;

/// <summary>The accepted answer's fast path writes exactly what System.Text.Json writes, for every kind of id.</summary>
public sealed class RefundResponseTests
{
    [Theory]
    [InlineData("rf-20221115-0001")]
    [InlineData("RF_1.2:3")]
    [InlineData("rf \"quoted\" \\ back")]
    [InlineData("hoàn-tiền-1")]
    [InlineData("<script>&'+")]
    [InlineData("tab\there")]
    public void The_accepted_answer_is_the_json_system_text_json_writes(string requestId)
    {
        var expected = JsonSerializer.Serialize(new Dictionary<string, string> { ["status"] = "accepted", ["request_id"] = requestId });

        var response = RefundResponse.Accepted(requestId);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(expected, Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(requestId, JsonDocument.Parse(response.Body).RootElement.GetProperty("request_id").GetString());
    }
}
