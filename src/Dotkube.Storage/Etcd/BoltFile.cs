using System.Buffers.Binary;

namespace Dotkube.Storage.Etcd;

/// <summary>
/// A read-only walk over a bbolt database file, the format of etcd's backend and of its snapshots: fixed-size
/// pages; two meta pages (the valid one with the higher transaction id wins) naming the root bucket's page;
/// B+tree branch and leaf pages; a bucket is a leaf entry whose value holds the bucket's root page, or for a
/// small bucket the page itself inline.
/// </summary>
internal sealed class BoltFile
{
    private const uint Magic = 0xED0CDAED;
    private const int PageHeaderSize = 16;
    private const int ElementSize = 16;
    private const int BucketHeaderSize = 16;
    private const ushort BranchPage = 0x01;
    private const ushort LeafPage = 0x02;
    private const uint BucketEntry = 0x01;

    private readonly ReadOnlyMemory<byte> data;
    private readonly int pageSize;
    private readonly ulong rootPage;

    public BoltFile(ReadOnlyMemory<byte> data)
    {
        this.data = data;
        if (data.Length < 2 * PageHeaderSize + 64)
        {
            throw new InvalidDataException("too short to be a bbolt database");
        }

        var first = ReadMeta(data.Span[PageHeaderSize..]);
        var pageSizeGuess = first?.PageSize ?? 4096;
        var second = data.Length >= pageSizeGuess + PageHeaderSize + 64 ? ReadMeta(data.Span[(pageSizeGuess + PageHeaderSize)..]) : null;
        var meta = (first, second) switch
        {
            (null, null) => throw new InvalidDataException("no valid bbolt meta page"),
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a.TxId >= b.TxId ? a : b,
        };
        pageSize = meta.PageSize;
        rootPage = meta.Root;
    }

    /// <summary>True when the bytes start like a bbolt database (the first meta page's magic).</summary>
    public static bool LooksLikeBolt(ReadOnlySpan<byte> head) =>
        head.Length >= PageHeaderSize + 4 && BinaryPrimitives.ReadUInt32LittleEndian(head[PageHeaderSize..]) == Magic;

    /// <summary>Every key and value of the top-level bucket <paramref name="bucket"/>, in key order; empty when it does not exist.</summary>
    public IEnumerable<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> Entries(string bucket)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(bucket);
        foreach (var (key, value, flags) in Walk(Page(rootPage)))
        {
            if ((flags & BucketEntry) != 0 && key.Span.SequenceEqual(name))
            {
                var bucketRoot = BinaryPrimitives.ReadUInt64LittleEndian(value.Span);
                var page = bucketRoot == 0 ? value[BucketHeaderSize..] : Page(bucketRoot);
                foreach (var (k, v, f) in Walk(page))
                {
                    if ((f & BucketEntry) == 0)
                    {
                        yield return (k, v);
                    }
                }

                yield break;
            }
        }
    }

    private ReadOnlyMemory<byte> Page(ulong id)
    {
        var offset = checked((long)id * pageSize);
        if (offset + PageHeaderSize > data.Length)
        {
            throw new InvalidDataException($"page {id} lies beyond the end of the file");
        }

        return data[(int)offset..];
    }

    /// <summary>The leaf entries under a page, depth first, which is key order.</summary>
    private IEnumerable<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, uint Flags)> Walk(ReadOnlyMemory<byte> page)
    {
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(page.Span[8..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(page.Span[10..]);
        for (var i = 0; i < count; i++)
        {
            var at = PageHeaderSize + (i * ElementSize);
            var element = page.Span[at..];
            if ((flags & BranchPage) != 0)
            {
                var child = BinaryPrimitives.ReadUInt64LittleEndian(element[8..]);
                foreach (var entry in Walk(Page(child)))
                {
                    yield return entry;
                }
            }
            else if ((flags & LeafPage) != 0)
            {
                var entryFlags = BinaryPrimitives.ReadUInt32LittleEndian(element);
                var position = at + (int)BinaryPrimitives.ReadUInt32LittleEndian(element[4..]);
                var keySize = (int)BinaryPrimitives.ReadUInt32LittleEndian(element[8..]);
                var valueSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(element[12..]);
                yield return (page.Slice(position, keySize), page.Slice(position + keySize, valueSize), entryFlags);
            }
            else
            {
                throw new InvalidDataException($"unexpected page flags 0x{flags:x}");
            }
        }
    }

    private static Meta? ReadMeta(ReadOnlySpan<byte> meta)
    {
        // magic, version, page size, flags, root bucket (root page, sequence), freelist, high-water page, txid, checksum
        if (BinaryPrimitives.ReadUInt32LittleEndian(meta) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(meta[4..]) != 2)
        {
            return null;
        }

        const int checksumAt = 56;
        if (Fnv1a64(meta[..checksumAt]) != BinaryPrimitives.ReadUInt64LittleEndian(meta[checksumAt..]))
        {
            return null;
        }

        return new Meta(
            (int)BinaryPrimitives.ReadUInt32LittleEndian(meta[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(meta[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(meta[48..]));
    }

    private static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    private sealed record Meta(int PageSize, ulong Root, ulong TxId);
}
