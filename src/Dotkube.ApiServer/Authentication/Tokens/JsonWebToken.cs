using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.Authentication.Tokens;

/// <summary>
/// A compact JWS (header.payload.signature, base64url) with its JSON parts decoded. Parsing checks
/// only the shape; <see cref="JwtKey.Verify"/> checks the signature and the callers the claims.
/// </summary>
public sealed class JsonWebToken
{
    private JsonWebToken(JsonObject header, JsonObject payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonObject Header { get; }

    public JsonObject Payload { get; }

    /// <summary>The ASCII bytes of "header.payload", which the signature covers.</summary>
    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string Algorithm => Str(Header, "alg") ?? "";

    public string? KeyId => Str(Header, "kid");

    public string? Issuer => Str(Payload, "iss");

    public string? Subject => Str(Payload, "sub");

    public string? Id => Str(Payload, "jti");

    /// <summary>The aud claim: a single string or an array of strings.</summary>
    public IReadOnlyList<string> Audiences => Payload["aud"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => [.. a.OfType<JsonValue>().Select(x => x.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
        _ => [],
    };

    public DateTimeOffset? ExpiresAt => Time("exp");

    public DateTimeOffset? NotBefore => Time("nbf");

    public DateTimeOffset? IssuedAt => Time("iat");

    /// <summary>Parses a compact JWS; false when the text is not one (wrong part count, bad base64url or JSON).</summary>
    public static bool TryParse(string token, out JsonWebToken? jwt)
    {
        jwt = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }
        try
        {
            if (JsonNode.Parse(Decode(parts[0])) is not JsonObject header || JsonNode.Parse(Decode(parts[1])) is not JsonObject payload)
            {
                return false;
            }
            jwt = new JsonWebToken(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]));
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Unpadded base64url, as JWS encodes every part.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static byte[] Decode(string text) => Base64Url.DecodeFromChars(text);

    /// <summary>Signs <paramref name="payload"/> with <paramref name="key"/> and returns the compact token.</summary>
    public static string Create(JsonObject payload, JwtKey key)
    {
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = key.KeyId };
        var input = Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return input + "." + Encode(key.Sign(Encoding.ASCII.GetBytes(input)));
    }

    private DateTimeOffset? Time(string claim) =>
        Payload[claim] is JsonValue v && v.TryGetValue<double>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
            : null;

    internal static string? Str(JsonObject? obj, string name) =>
        obj?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
