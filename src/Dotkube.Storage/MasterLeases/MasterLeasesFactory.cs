using Dotkube.Storage.Etcd;

namespace Dotkube.Storage.MasterLeases;

/// <summary>Picks the master leases that fit a store.</summary>
public static class MasterLeasesFactory
{
    /// <summary>Shared etcd keys on etcd (several servers may share it); this process alone on the embedded stores.</summary>
    public static IMasterLeases For(IRevisionedStore store, TimeProvider? clock = null) => store switch
    {
        EtcdStore etcd => new EtcdMasterLeases(etcd),
        _ => new LocalMasterLeases(clock ?? TimeProvider.System),
    };
}
