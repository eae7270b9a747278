using System.Text;

namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// The CSV the token file uses, as Go's encoding/csv reads it with leading spaces trimmed:
/// double-quoted fields may hold commas, quotes and newlines ("" is a quote); blank lines are skipped.
/// </summary>
internal static class Csv
{
    public static IEnumerable<List<string>> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var atFieldStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c is ' ' or '\t')
            {
                i++;
                continue;
            }
            if (atFieldStart && c == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                atFieldStart = false;
                continue;
            }
            atFieldStart = false;
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                if (fields.Count > 0 || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return fields;
                }
                fields = [];
                field.Clear();
                atFieldStart = true;
                continue;
            }
            field.Append(c);
            i++;
        }
        if (fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
