using Dotkube.Storage.Internal;

namespace Dotkube.Storage.Tests;

public sealed class KeyRangeTests
{
    [Theory]
    [InlineData("/registry/pods/", "/registry/pods0")]
    [InlineData("a", "b")]
    [InlineData("a\U0010FFFF", "b")]
    [InlineData("a\uD7FF", "a\uE000")]
    [InlineData("\U0010FFFF", null)]
    [InlineData("", null)]
    public void The_end_of_a_prefix_range_is_the_next_key_after_all_keys_with_that_prefix(string prefix, string? end)
    {
        Assert.Equal(end, KeyRange.PrefixEnd(prefix));
    }

    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("a", "ab", -1)]
    [InlineData("\uFFFF", "\U00010000", -1)] // code-point order, unlike UTF-16 ordinal order
    [InlineData("same", "same", 0)]
    public void Keys_are_ordered_by_code_point(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(KeyRange.Compare(a, b)));
        Assert.Equal(-sign, Math.Sign(KeyRange.Compare(b, a)));
    }
}
