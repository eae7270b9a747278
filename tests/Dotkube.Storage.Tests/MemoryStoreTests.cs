using Dotkube.Storage.Memory;

namespace Dotkube.Storage.Tests;

public sealed class MemoryStoreTests : StoreContractTests
{
    protected override IRevisionedStore CreateStore(StoreOptions? options = null) => new MemoryStore(options);
}
