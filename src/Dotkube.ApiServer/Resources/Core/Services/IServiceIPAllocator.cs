namespace Dotkube.ApiServer.Resources.Core;

/// <summary>
/// Hands out Service cluster IPs. The service strategy calls it while preparing a create or an
/// update; the server must also call <see cref="Release"/> when a Service is deleted and rebuild
/// the used set from storage at start-up (<see cref="MarkAllocated"/>).
/// </summary>
public interface IServiceIPAllocator
{
    /// <summary>The service CIDR, e.g. "10.96.0.0/12".</summary>
    string Range { get; }

    /// <summary>A free address; throws <see cref="AllocationException"/> when the range is full.</summary>
    string AllocateNext();

    /// <summary>Claims a given address; throws <see cref="AllocationException"/> when taken or out of range.</summary>
    void Allocate(string ip);

    void Release(string ip);

    /// <summary>Records an address already in use (e.g. found in storage at start-up) without checks.</summary>
    void MarkAllocated(string ip);
}

/// <summary>Hands out NodePort numbers (30000-32767 by default).</summary>
public interface INodePortAllocator
{
    string Range { get; }

    int AllocateNext();

    void Allocate(int port);

    void Release(int port);

    void MarkAllocated(int port);
}

/// <summary>An allocation failure; the message is upstream's detail (e.g. "provided IP is already allocated").</summary>
public sealed class AllocationException(string message) : Exception(message);
