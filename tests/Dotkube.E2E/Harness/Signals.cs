using System.Runtime.InteropServices;

namespace Dotkube.E2E.Harness;

/// <summary>POSIX signals, which .NET's Process only offers as SIGKILL.</summary>
internal static class Signals
{
    private const int SIGTERM = 15;

    public static void Terminate(int pid)
    {
        if (kill(pid, SIGTERM) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // ESRCH: it is already gone, which is what we wanted.
            if (errno != 3)
            {
                throw new InvalidOperationException($"kill({pid}, SIGTERM) failed with errno {errno}");
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
