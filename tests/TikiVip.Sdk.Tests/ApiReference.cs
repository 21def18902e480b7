namespace TikiVip.Sdk.Tests;

/// <summary>Values from the API reference (docs/tiki-vip-api.md, "Signing", test vectors).</summary>
internal static class ApiReference
{
    public const string ClientId = "RLCKb7Ae9kx4DXtXsCWjnDXtggFnM43W";
    public const string ClientSecret = "EhjGcsUUuRSJTHiYPbW5fxzyaKEx0JuAZIKRQ4HnIfNFidB2kMg6locQbTIEz3Vf";

    public const long Vector1Timestamp = 1620621619569;
    public const string Vector1Data = "{\"id\":123}";
    public const string Vector1Signature = "8ebd092b9df2cf90e8ccbcab2ba87ee14f2abb25eb8f18b4d7286d42adcd45c2";

    public const long Vector2Timestamp = 1668488254000;
    public const string Vector2Data = "/transaction?tiki_transaction_id=221115TIKIVIP-235784371-1668488254";
    public const string Vector2Signature = "dccbad1495884e8da70fb4c2cd7ca42425036cb503ae1c2ab4ec941a97fbc127";

    public const long Vector3Timestamp = 1668488300000;
    public const string Vector3Data = "{\"tiki_transaction_id\":\"221115TIKIVIP-235784371-1668488254\",\"transaction_amount\":100000,\"transaction_id\":\"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC\",\"reason\":\"Khách hàng huỷ gói\",\"request_id\":\"rf-20221115-0001\"}";
    public const string Vector3Signature = "498e7c98271018b983380c7b06d57f7bc08f0e276ec00a3c385546fc124a3526";

    public const string TikiTransactionId = "221115TIKIVIP-235784371-1668488254";
    public const string PartnerTransactionId = "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC";
}
