using System.Globalization;
using Dotkube.ApiServer.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// Serves /openapi/v2, /openapi/v3 and /openapi/v3/{group version} as kube-apiserver does:
/// <list type="bullet">
/// <item>v2: JSON or gnostic protobuf by Accept (both protobuf spellings), else 406;</item>
/// <item>v3 documents: JSON by Accept, else 406; with ?hash= matching the document, cacheable
/// forever (Cache-Control: public, immutable); with a stale hash, 301 to the current URL;</item>
/// <item>ETag (the document hash) with If-None-Match → 304, Last-Modified with If-Modified-Since,
/// Vary: Accept, gzip when the client accepts it.</item>
/// </list>
/// Built on a <see cref="ResourceRegistry"/>, it rebuilds the documents (lazily, on the next
/// request) whenever the registry's generation changes, e.g. when a CRD registers resources; built
/// on fixed <see cref="OpenApiDocuments"/>, swap <see cref="Documents"/> to change them.
/// </summary>
public sealed class OpenApiHandler
{
    private const string ProtobufV2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private const string ProtobufV2Deprecated = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    private const int GzipMinimumSize = 1400;

    private static readonly string[] V2Offers = ["application/json", ProtobufV2Deprecated, ProtobufV2];
    private static readonly string[] V3Offers = ["application/json"];

    private readonly ResourceRegistry? registry;
    private readonly OpenApiOptions? options;
    private volatile Snapshot current;

    /// <summary>Serves the given documents until <see cref="Documents"/> is replaced.</summary>
    public OpenApiHandler(OpenApiDocuments documents) => current = new Snapshot(0, documents);

    /// <summary>Serves the registry's resources, rebuilding after each change of the registry.</summary>
    public OpenApiHandler(ResourceRegistry registry, OpenApiOptions? options = null)
    {
        this.registry = registry;
        this.options = options;
        current = new Snapshot(registry.Generation, new OpenApiDocuments(registry.All, options));
    }

    /// <summary>The documents served now (for a registry, those of its current generation).</summary>
    public OpenApiDocuments Documents
    {
        get
        {
            var snapshot = current;
            if (registry is null)
            {
                return snapshot.Documents;
            }
            // Read the generation before the list, so a change in between is seen on the next request.
            var generation = registry.Generation;
            if (snapshot.Generation != generation)
            {
                snapshot = new Snapshot(generation, new OpenApiDocuments(registry.All, options));
                current = snapshot;
            }
            return snapshot.Documents;
        }
        set => current = new Snapshot(current.Generation, value);
    }

    private sealed record Snapshot(long Generation, OpenApiDocuments Documents);

    /// <summary>
    /// Serves the request and returns true when its path is an OpenAPI path; returns false, without
    /// touching the response, for any other path.
    /// </summary>
    public async Task<bool> TryServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path != "/openapi/v2" && path != "/openapi/v3" && !path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            return false;
        }
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return true;
        }
        var documents = Documents;
        if (path == "/openapi/v2")
        {
            response.Headers.Append(HeaderNames.Vary, "Accept");
            var chosen = AcceptHeader.Negotiate(request.Headers.Accept, V2Offers);
            if (chosen is null)
            {
                response.StatusCode = StatusCodes.Status406NotAcceptable;
                return true;
            }
            await WriteAsync(context, chosen == "application/json" ? documents.V2Json : documents.V2Protobuf);
            return true;
        }
        if (path == "/openapi/v3")
        {
            await WriteAsync(context, documents.V3Index);
            return true;
        }
        var groupVersion = path["/openapi/v3/".Length..];
        response.Headers.Append(HeaderNames.Vary, "Accept");
        if (AcceptHeader.Negotiate(request.Headers.Accept, V3Offers) is null)
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            return true;
        }
        if (documents.V3(groupVersion) is not { } document)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("404 page not found\n");
            return true;
        }
        var hash = request.Query["hash"].ToString();
        if (hash.Length > 0)
        {
            if (!string.Equals(hash, document.Hash, StringComparison.Ordinal))
            {
                // A client holding an old index: send it to the current document.
                response.StatusCode = StatusCodes.Status301MovedPermanently;
                response.Headers.Location = OpenApiDocuments.V3Url(groupVersion, document.Hash);
                return true;
            }
            response.Headers.CacheControl = "public, immutable";
            response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        }
        await WriteAsync(context, document);
        return true;
    }

    private static async Task WriteAsync(HttpContext context, ServedDocument document)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.ETag = document.ETag;
        response.Headers.LastModified = document.LastModified.ToString("R", CultureInfo.InvariantCulture);
        if (NotModified(request, document))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = document.ContentType;
        var body = document.Content;
        if (body.Length >= GzipMinimumSize)
        {
            response.Headers.Append(HeaderNames.Vary, "Accept-Encoding");
            if (AcceptsGzip(request))
            {
                body = document.Gzipped;
                response.Headers.ContentEncoding = "gzip";
            }
        }
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>If-None-Match decides when present (weak comparison, as for GET); otherwise If-Modified-Since.</summary>
    private static bool NotModified(HttpRequest request, ServedDocument document)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            foreach (var candidate in ifNoneMatch.Split(','))
            {
                var tag = candidate.Trim();
                if (tag.StartsWith("W/", StringComparison.Ordinal))
                {
                    tag = tag[2..];
                }
                if (tag == "*" || tag == document.ETag)
                {
                    return true;
                }
            }
            return false;
        }
        var ifModifiedSince = request.Headers.IfModifiedSince.ToString();
        return ifModifiedSince.Length > 0 &&
            DateTimeOffset.TryParseExact(ifModifiedSince, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) &&
            document.LastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            foreach (var coding in (value ?? "").Split(','))
            {
                var parts = coding.Split(';');
                if (!string.Equals(parts[0].Trim(), "gzip", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var zero = parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
                return !zero;
            }
        }
        return false;
    }
}
