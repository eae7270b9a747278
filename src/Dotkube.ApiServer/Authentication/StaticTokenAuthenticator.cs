namespace Dotkube.ApiServer.Authentication;

/// <summary>
/// --token-auth-file: a CSV of <c>token,user,uid,"group1,group2"</c> (at least three columns),
/// read once at start as kube-apiserver does.
/// </summary>
public sealed class StaticTokenAuthenticator : ITokenAuthenticator
{
    private readonly Dictionary<string, UserInfo> tokens;
    private readonly IReadOnlyList<string> apiAudiences;

    public StaticTokenAuthenticator(IReadOnlyDictionary<string, UserInfo> tokens, IReadOnlyList<string> apiAudiences)
    {
        this.tokens = new Dictionary<string, UserInfo>(tokens, StringComparer.Ordinal);
        this.apiAudiences = apiAudiences;
    }

    /// <summary>Reads a token file; <paramref name="warnings"/> gets upstream's notes (empty or duplicate tokens).</summary>
    public static StaticTokenAuthenticator FromFile(string path, IReadOnlyList<string> apiAudiences, List<string> warnings) =>
        new(Parse(File.ReadAllText(path), path, warnings), apiAudiences);

    public static Dictionary<string, UserInfo> Parse(string csv, string path, List<string> warnings)
    {
        var result = new Dictionary<string, UserInfo>(StringComparer.Ordinal);
        var record = 0;
        foreach (var fields in Csv.Records(csv))
        {
            record++;
            if (fields.Count < 3)
            {
                throw new InvalidOperationException($"token file '{path}' must have at least 3 columns (token, user name, user uid), found {fields.Count}");
            }
            var token = fields[0];
            if (token.Length == 0)
            {
                warnings.Add($"empty token has been found in token file '{path}', record {record}");
                continue;
            }
            var groups = fields.Count > 3 && fields[3].Length > 0
                ? fields[3].Split(',').Select(g => g.Trim()).Where(g => g.Length > 0).ToList()
                : [];
            if (result.ContainsKey(token))
            {
                warnings.Add($"duplicate token has been found in token file '{path}', record {record}");
            }
            result[token] = new UserInfo(fields[1], groups, fields[2]);
        }
        return result;
    }

    public ValueTask<TokenResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        if (!tokens.TryGetValue(token, out var user))
        {
            return ValueTask.FromResult(TokenResult.NotMine);
        }
        return ValueTask.FromResult(TokenResult.AcceptAudienceAgnostic(user, audiences, apiAudiences));
    }
}
