namespace Dotkube.Pki;

/// <summary>
/// An exclusive lock on a PKI directory (an open, unshared lock file), held while a server loads or creates it:
/// two servers started together on one --pki-dir must not both create a CA.
/// </summary>
internal static class PkiLock
{
    public const string FileName = ".lock";

    public static FileStream Acquire(string pkiDir, TimeSpan timeout)
    {
        var path = Path.Combine(pkiDir, FileName);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // another server holds it: it is creating what we are about to load
                Thread.Sleep(50);
            }
        }
    }
}
