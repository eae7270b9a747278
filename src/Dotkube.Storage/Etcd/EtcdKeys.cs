using System.Text;
using Google.Protobuf;

namespace Dotkube.Storage.Etcd;

/// <summary>Keys are UTF-8 in etcd; ranges are byte ranges, which is the same order as the code-point order the other backends use.</summary>
internal static class EtcdKeys
{
    /// <summary>etcd's "every key" range: from "\0" to "\0".</summary>
    private static readonly ByteString Zero = ByteString.CopyFrom(0);

    public static ByteString Key(string key) => ByteString.CopyFromUtf8(key);

    public static string Text(ByteString key) => key.ToStringUtf8();

    /// <summary>The [start, end) range of every key under <paramref name="prefix"/>.</summary>
    public static (ByteString Start, ByteString End) Prefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return (Zero, Zero);
        }

        var bytes = Encoding.UTF8.GetBytes(prefix);
        return (ByteString.CopyFrom(bytes), PrefixEnd(bytes));
    }

    /// <summary>The first key strictly after <paramref name="key"/>: the key with a zero byte appended.</summary>
    public static ByteString After(string key)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(key) + 1];
        Encoding.UTF8.GetBytes(key, bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>Unsigned byte order, etcd's key order.</summary>
    public static int Compare(ByteString a, ByteString b) => a.Span.SequenceCompareTo(b.Span);

    /// <summary>The smallest byte string greater than every one that starts with <paramref name="prefix"/>.</summary>
    private static ByteString PrefixEnd(byte[] prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] < 0xff)
            {
                var end = prefix[..(i + 1)];
                end[i]++;
                return ByteString.CopyFrom(end);
            }
        }

        return Zero; // all 0xff: no upper bound
    }
}
