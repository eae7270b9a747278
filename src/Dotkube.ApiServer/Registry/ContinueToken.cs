using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dotkube.Machinery.Errors;

namespace Dotkube.ApiServer.Registry;

/// <summary>
/// The opaque continue token of a paged list, in upstream's shape: base64 of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"KEY\u0000"}</c> where KEY is relative to the list prefix.
/// The list goes on at revision N, strictly after KEY.
/// </summary>
public static class ContinueToken
{
    public static string Encode(long revision, string lastKeyRelative)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKeyRelative + "\u0000" };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }

    /// <returns>the revision to list at and the relative key to continue after.</returns>
    public static (long Revision, string AfterKey) Decode(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var node = JsonNode.Parse(Convert.FromBase64String(b64)) as JsonObject;
            if (node?["v"]?.GetValue<string>() != "meta.k8s.io/v1")
            {
                throw new FormatException("unsupported version");
            }
            var rv = node["rv"]!.GetValue<long>();
            var start = node["start"]!.GetValue<string>();
            if (rv <= 0 || !start.EndsWith('\u0000'))
            {
                throw new FormatException("bad start");
            }
            return (rv, start[..^1]);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw StatusException.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
