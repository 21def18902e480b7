namespace TikiVip.Sdk.Tests;

/// <summary>How a store of one's own turns a read of limit + 1 rows into a page, as the SDK's stores do.</summary>
public sealed class KeysetPageTests
{
    [Fact]
    public void The_extra_row_read_only_says_a_next_page_exists_which_starts_below_the_last_id_kept()
    {
        long[] newestFirst = [90, 70, 40, 10];

        var full = KeysetPage.FromRowsRead(newestFirst, 3, id => id);
        var last = KeysetPage.FromRowsRead(newestFirst[3..], 3, id => id);
        var exact = KeysetPage.FromRowsRead(newestFirst[..3], 3, id => id);

        Assert.Equal([90L, 70L, 40L], full.Entries);
        Assert.Equal(40L, full.NextBefore);
        Assert.Equal([10L], last.Entries);
        Assert.Null(last.NextBefore);
        Assert.Equal(3, exact.Entries.Count);
        Assert.Null(exact.NextBefore); // exactly a page: nothing after it
        Assert.Throws<ArgumentOutOfRangeException>(() => KeysetPage.FromRowsRead(newestFirst, 0, id => id));
    }
}
