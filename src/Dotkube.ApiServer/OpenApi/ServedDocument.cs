using System.IO.Compression;
using System.Security.Cryptography;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// The bytes of one served document with what HTTP caching needs: the hash upstream uses as ETag
/// and in /openapi/v3 URLs (upper-case hex SHA-512 of the JSON form), the time it was built, and a
/// gzip copy made on first use.
/// </summary>
public sealed class ServedDocument
{
    private readonly Lazy<byte[]> gzipped;

    internal ServedDocument(byte[] content, string contentType, string hash, DateTimeOffset lastModified)
    {
        Content = content;
        ContentType = contentType;
        Hash = hash;
        LastModified = lastModified;
        gzipped = new Lazy<byte[]>(() => Gzip(content));
    }

    public ReadOnlyMemory<byte> Content { get; }

    public string ContentType { get; }

    /// <summary>Upper-case hex SHA-512 of the document's JSON form; quoted, it is the ETag.</summary>
    public string Hash { get; }

    public string ETag => "\"" + Hash + "\"";

    public DateTimeOffset LastModified { get; }

    public ReadOnlyMemory<byte> Gzipped => gzipped.Value;

    internal static string HashOf(byte[] json) => Convert.ToHexString(SHA512.HashData(json));

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream(content.Length / 4);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }
        return output.ToArray();
    }
}
