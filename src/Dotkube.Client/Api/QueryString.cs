using System.Text;

namespace Dotkube.Client;

/// <summary>Builds "?a=b&amp;c=d" from the parameters that are set.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder builder = new();

    public QueryString Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return this;
    }

    public QueryString Add(string name, long? value) => Add(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public QueryString Add(string name, bool? value) => Add(name, value switch { true => "true", false => "false", null => null });

    public override string ToString() => builder.ToString();
}
