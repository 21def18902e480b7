using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Tests;

/// <summary>
/// The refund fingerprint is stored (PostgreSQL keeps it for the retention period), so its value is a contract:
/// these were computed by the field-by-field IncrementalHash implementation it replaced.
/// </summary>
public sealed class RefundFingerprintTests
{
    private static RefundRequest Refund(long? requestAmount = null) =>
        new("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ gói", "RF-1") { RequestAmount = requestAmount };

    [Fact]
    public void A_fingerprint_stays_what_earlier_versions_stored()
    {
        Assert.Equal("ffFdSdqZcPyct/pu+P7wY30TgYPrK6KwViZ0aw66o9A=", RefundBodyParser.Fingerprint(Refund()));
        Assert.Equal("qiTG84pLscnUa/cOvSKgLn7l4Amk7PdwQwEXneuJUHE=", RefundBodyParser.Fingerprint(Refund(requestAmount: 40000)));
    }

    [Fact]
    public void Every_field_changes_the_fingerprint_and_field_boundaries_cannot_be_shifted()
    {
        var original = RefundBodyParser.Fingerprint(Refund());
        var variants = new[]
        {
            new RefundRequest("221115TIKIVIP-235784371-1668488255", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ gói", "RF-1"),
            new RefundRequest("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4ED", 100000, "Khách hàng huỷ gói", "RF-1"),
            new RefundRequest("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100001, "Khách hàng huỷ gói", "RF-1"),
            new RefundRequest("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ góí", "RF-1"),
            new RefundRequest("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ gói", "RF-2"),
            new RefundRequest("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ góiR", "F-1"),
            Refund(requestAmount: 100000),
        };

        Assert.All(variants, v => Assert.NotEqual(original, RefundBodyParser.Fingerprint(v)));
        Assert.Equal(variants.Length, variants.Select(RefundBodyParser.Fingerprint).Distinct().Count());
    }

    [Fact]
    public void A_reason_longer_than_any_stack_buffer_is_fingerprinted_too()
    {
        var longReason = new string('ư', 10_000);
        var a = new RefundRequest("T-1", "P-1", 1, longReason, "RF-1");
        var b = new RefundRequest("T-1", "P-1", 1, longReason + "!", "RF-1");

        Assert.NotEqual(RefundBodyParser.Fingerprint(a), RefundBodyParser.Fingerprint(b));
    }
}
