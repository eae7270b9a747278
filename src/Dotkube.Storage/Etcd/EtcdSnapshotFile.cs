using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dotkube.Storage.Etcd;

/// <summary>
/// Reads an etcd snapshot (what the maintenance Snapshot RPC and <c>etcdctl snapshot save</c> write: the
/// member's bbolt database followed by its SHA-256). The "key" bucket is etcd's history, keyed by revision
/// (8 bytes main, '_', 8 bytes sub, and a trailing 't' for a deletion) with a KeyValue message as value;
/// replaying it in order gives the live keys.
/// </summary>
public static class EtcdSnapshotFile
{
    private const int RevisionKeySize = 17;

    /// <summary>True when <paramref name="path"/> starts like a bbolt database.</summary>
    public static bool Detect(string path)
    {
        Span<byte> head = stackalloc byte[32];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && BoltFile.LooksLikeBolt(head);
    }

    /// <summary>The live keys at the snapshot's revision, in key order, and that revision.</summary>
    /// <exception cref="InvalidDataException">the file is not an etcd snapshot, or its checksum does not match.</exception>
    public static (IReadOnlyList<KeyValue> Live, long Revision) ReadLive(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var database = Verified(bytes);
        var live = new SortedDictionary<string, KeyValue>(Internal.KeyRange.Comparer);
        long revision = 0;
        foreach (var (key, value) in new BoltFile(database).Entries("key"))
        {
            if (key.Length < RevisionKeySize)
            {
                throw new InvalidDataException("an entry of the key bucket is not a revision");
            }

            revision = Math.Max(revision, BinaryPrimitives.ReadInt64BigEndian(key.Span));
            var kv = Mvccpb.KeyValue.Parser.ParseFrom(value.Span);
            var name = kv.Key.ToStringUtf8();
            if (key.Length > RevisionKeySize && key.Span[RevisionKeySize] == (byte)'t')
            {
                live.Remove(name);
            }
            else
            {
                live[name] = new KeyValue(name, kv.Value.ToByteArray(), kv.CreateRevision, kv.ModRevision);
            }
        }

        return ([.. live.Values], revision);
    }

    /// <summary>The database part of a snapshot, after checking the SHA-256 etcd appends (when it is there).</summary>
    private static ReadOnlyMemory<byte> Verified(byte[] bytes)
    {
        const int hashSize = 32;
        if (bytes.Length % 512 == hashSize)
        {
            var database = bytes.AsMemory(0, bytes.Length - hashSize);
            if (!SHA256.HashData(database.Span).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashSize)))
            {
                throw new InvalidDataException("the snapshot's SHA-256 does not match its content");
            }

            return database;
        }

        return bytes;
    }
}
