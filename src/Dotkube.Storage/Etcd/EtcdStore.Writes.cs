using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace Dotkube.Storage.Etcd;

/// <summary>Writes: each one etcd transaction whose comparison is the compare-and-swap of the contract.</summary>
public sealed partial class EtcdStore
{
    public async Task<KeyValue> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var bytes = Checked(key, value);
        var k = EtcdKeys.Key(key);
        var txn = new TxnRequest
        {
            Compare = { new Compare { Key = k, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = k, Value = bytes } } },
        };
        var response = await Txn("create", key, txn, cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw new KeyExistsException(key);
        }

        var rev = response.Header.Revision;
        return new KeyValue(key, bytes.Memory, rev, rev);
    }

    public async Task<KeyValue> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        var bytes = Checked(key, value);
        if (expectedModRevision <= 0)
        {
            // etcd's mod revision of a missing key is 0, so comparing with 0 would create the key.
            throw await FailedPreconditionAsync(key, cancellationToken).ConfigureAwait(false);
        }

        var k = EtcdKeys.Key(key);
        var txn = new TxnRequest
        {
            Compare = { ModRevisionIs(k, expectedModRevision) },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = k, Value = bytes, PrevKv = true } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = k } } },
        };
        var response = await Txn("update", key, txn, cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw Failed(key, response);
        }

        var previous = response.Responses[0].ResponsePut.PrevKv;
        return new KeyValue(key, bytes.Memory, previous.CreateRevision, response.Header.Revision);
    }

    public async Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var k = EtcdKeys.Key(key);
        var txn = new TxnRequest
        {
            Success = { new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = k, PrevKv = true } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = k } } },
        };
        if (expectedModRevision > 0)
        {
            txn.Compare.Add(ModRevisionIs(k, expectedModRevision));
        }

        var response = await Txn("delete", key, txn, cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw Failed(key, response);
        }

        var deleted = response.Responses[0].ResponseDeleteRange;
        if (deleted.Deleted == 0)
        {
            throw new KeyNotFoundStorageException(key);
        }

        var previous = ToKeyValue(deleted.PrevKvs[0]);
        return previous with { ModRevision = response.Header.Revision };
    }

    private static Compare ModRevisionIs(ByteString key, long revision) =>
        new() { Key = key, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = revision };

    /// <summary>The failure of a compare-and-swap, from the current value the failure branch read.</summary>
    private static StorageException Failed(string key, TxnResponse response)
    {
        var range = response.Responses[0].ResponseRange;
        return range.Kvs.Count == 0 ? new KeyNotFoundStorageException(key) : new RevisionConflictException(key, ToKeyValue(range.Kvs[0]));
    }

    private async Task<StorageException> FailedPreconditionAsync(string key, CancellationToken cancellationToken)
    {
        var current = await GetAsync(key, 0, cancellationToken).ConfigureAwait(false);
        return current is null ? new KeyNotFoundStorageException(key) : new RevisionConflictException(key, current);
    }

    private ByteString Checked(string key, ReadOnlyMemory<byte> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (value.Length > maxValueBytes)
        {
            throw new ValueTooLargeException(key, value.Length, maxValueBytes);
        }

        return ByteString.CopyFrom(value.Span);
    }

    private async Task<TxnResponse> Txn(string operation, string key, TxnRequest txn, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Call(operation, () => kv.TxnAsync(txn, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            Observe(response.Header);
            return response;
        }
        catch (RpcException e) when (EtcdErrors.IsTooLarge(e))
        {
            // A value under our limit whose request (key, value and framing) is still over the member's.
            var size = txn.Success.Count > 0 && txn.Success[0].RequestPut is { } put ? put.Value.Length : txn.CalculateSize();
            throw new ValueTooLargeException(key, size, maxValueBytes);
        }
    }

    private static KeyValue ToKeyValue(Mvccpb.KeyValue kv) =>
        new(EtcdKeys.Text(kv.Key), kv.Value.Memory, kv.CreateRevision, kv.ModRevision);
}
