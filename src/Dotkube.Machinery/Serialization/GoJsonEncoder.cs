using System.Buffers;
using System.Text.Encodings.Web;

namespace Dotkube.Machinery.Serialization;

/// <summary>
/// Escapes strings exactly as Go's encoding/json does (kube-apiserver's encoder, HTML escaping on):
/// <c>"</c> and <c>\</c> with a backslash; <c>\b \f \n \r \t</c> in short form; other control
/// characters, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 as <c>\u00XX</c> with
/// lower-case hex; everything else — DEL, non-ASCII, characters outside the BMP — as raw UTF-8.
/// Clients compare such bytes: kubectl's <c>rollout undo</c> of DaemonSets and StatefulSets
/// compares its own encoding of the template with a ControllerRevision's data as received (JSON,
/// or the raw bytes of a RawExtension in protobuf).
/// </summary>
public sealed unsafe class GoJsonEncoder : JavaScriptEncoder
{
    public static readonly GoJsonEncoder Instance = new();

    /// <summary>Compact output with this encoder (System.Text.Json's default depth limit).</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Options = new() { Encoder = Instance };

    // Every byte that may start a character to escape: 0xE2 leads U+2028 (E2 80 A8) and U+2029 (E2 80 A9).
    private static readonly SearchValues<byte> Utf8Starts = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', (byte)'<', (byte)'>', (byte)'&', (byte)0xE2]);

    private static readonly SearchValues<char> Chars = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\<>&\u2028\u2029");

    private GoJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar switch
    {
        < 0x20 or '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029 => true,
        _ => false,
    };

    public override int FindFirstCharacterToEncode(char* text, int textLength) =>
        new ReadOnlySpan<char>(text, textLength).IndexOfAny(Chars);

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var offset = 0;
        while (true)
        {
            var i = utf8Text[offset..].IndexOfAny(Utf8Starts);
            if (i < 0)
            {
                return -1;
            }
            i += offset;
            if (utf8Text[i] != 0xE2)
            {
                return i;
            }
            if (i + 2 < utf8Text.Length && utf8Text[i + 1] == 0x80 && utf8Text[i + 2] is 0xA8 or 0xA9)
            {
                return i;
            }
            offset = i + 1;
        }
    }

    public override bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        ReadOnlySpan<char> text = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ => default,
        };
        if (text.IsEmpty && WillEncode(unicodeScalar))
        {
            if (bufferLength < 6)
            {
                numberOfCharactersWritten = 0;
                return false;
            }
            destination[0] = '\\';
            destination[1] = 'u';
            for (var k = 0; k < 4; k++)
            {
                destination[2 + k] = "0123456789abcdef"[(unicodeScalar >> (12 - (4 * k))) & 0xF];
            }
            numberOfCharactersWritten = 6;
            return true;
        }
        if (text.IsEmpty)
        {
            // Not escaped: the character itself (a surrogate pair outside the BMP).
            return new System.Text.Rune(unicodeScalar).TryEncodeToUtf16(destination, out numberOfCharactersWritten);
        }
        if (!text.TryCopyTo(destination))
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        numberOfCharactersWritten = text.Length;
        return true;
    }
}
