using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Dotkube.Bench.Api;

/// <summary>The few operating-system facts and calls the API benchmark needs beyond what .NET offers.</summary>
internal static class Posix
{
    private const int SigTerm = 15;
    private const int NoSuchProcess = 3;

    /// <summary>Asks a process to stop (SIGTERM); .NET's Process can only SIGKILL.</summary>
    public static void Terminate(int pid)
    {
        if (kill(pid, SigTerm) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != NoSuchProcess)
        {
            throw new InvalidOperationException($"kill({pid}, SIGTERM) failed with errno {errno}");
        }
    }

    /// <summary>A field of /proc/PID/status in megabytes (VmRSS: resident now, VmHWM: resident at its peak).</summary>
    public static double StatusMegabytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                // "VmRSS:	   81234 kB"
                var kb = line[(field.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }

    /// <summary>The 1-minute load average, to tell a busy shared machine from a slow program.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>A loopback port nobody listens on right now (the kernel's pick).</summary>
    public static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
