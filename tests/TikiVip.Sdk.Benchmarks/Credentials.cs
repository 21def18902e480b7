namespace TikiVip.Sdk.Benchmarks;

/// <summary>The API reference's test credentials, used by every benchmark.</summary>
internal static class Credentials
{
    public const string ClientId = "RLCKb7Ae9kx4DXtXsCWjnDXtggFnM43W";
    public const string ClientSecret = "EhjGcsUUuRSJTHiYPbW5fxzyaKEx0JuAZIKRQ4HnIfNFidB2kMg6locQbTIEz3Vf";
    public const long Timestamp = 1668488300000;

    /// <summary>A typical refund body of about 300 bytes.</summary>
    public static byte[] Body300 { get; } = System.Text.Encoding.UTF8.GetBytes(
        "{\"tiki_transaction_id\":\"221115TIKIVIP-235784371-1668488254\",\"transaction_amount\":100000,\"transaction_id\":\"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC\"," +
        "\"reason\":\"Khách hàng huỷ gói dịch vụ VIP tháng này theo yêu cầu\",\"request_id\":\"rf-20221115-0001\",\"note\":\"partner reference 00000000000000000000000\"}");
}
