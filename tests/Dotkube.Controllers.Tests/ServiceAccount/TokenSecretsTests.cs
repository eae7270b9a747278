using System.Text;
using Dotkube.Controllers.ServiceAccount;
using k8s.Models;

namespace Dotkube.Controllers.Tests.ServiceAccount;

public class TokenSecretsTests
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static readonly LegacyTokenGenerator Generate = (ns, sa, uid, secret) => $"token:{ns}/{sa}/{uid}/{secret}";

    private static V1ServiceAccount Account(string name = "build", string uid = "uid-1", string ns = "ci") =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = uid } };

    private static V1Secret Secret(string? saName = "build", string? uid = null, string type = TokenSecrets.SecretType, string ns = "ci", Dictionary<string, byte[]>? data = null)
    {
        var annotations = new Dictionary<string, string>();
        if (saName is not null)
        {
            annotations[TokenSecrets.NameAnnotation] = saName;
        }
        if (uid is not null)
        {
            annotations[TokenSecrets.UidAnnotation] = uid;
        }
        return new V1Secret { Type = type, Data = data, Metadata = new V1ObjectMeta { Name = "build-token", NamespaceProperty = ns, Annotations = annotations } };
    }

    public static TheoryData<string, V1Secret, bool> Ownership => new()
    {
        { "a token secret naming the account, without a uid yet", Secret(), true },
        { "a token secret naming the account and its uid", Secret(uid: "uid-1"), true },
        { "a token secret of an earlier account of that name", Secret(uid: "uid-0"), false },
        { "a token secret naming another account", Secret(saName: "deploy"), false },
        { "a token secret in another namespace", Secret(ns: "prod"), false },
        { "an opaque secret with the annotation", Secret(type: "Opaque"), false },
    };

    [Theory]
    [MemberData(nameof(Ownership))]
    public void A_secret_is_a_token_of_the_account_it_names_and_whose_uid_it_records(string what, V1Secret secret, bool expected) =>
        Assert.True(expected == TokenSecrets.IsTokenFor(secret, Account()), what);

    private static Dictionary<string, byte[]> Data(string? token = "t", string? ca = Ca, string? ns = "ci")
    {
        var data = new Dictionary<string, byte[]>();
        foreach (var (k, v) in new[] { ("token", token), ("ca.crt", ca), ("namespace", ns) })
        {
            if (v is not null)
            {
                data[k] = Encoding.UTF8.GetBytes(v);
            }
        }
        return data;
    }

    public static TheoryData<string, Dictionary<string, byte[]>?, bool> Completeness => new()
    {
        { "a complete secret needs nothing", Data(), false },
        { "no data at all", null, true },
        { "no token", Data(token: null), true },
        { "an empty token", Data(token: ""), true },
        { "no namespace", Data(ns: null), true },
        { "no ca.crt", Data(ca: null), true },
        { "another CA than the root bundle", Data(ca: "old"), true },
    };

    [Theory]
    [MemberData(nameof(Completeness))]
    public void A_secret_needs_filling_without_token_namespace_or_the_current_ca(string what, Dictionary<string, byte[]>? data, bool expected) =>
        Assert.True(expected == TokenSecrets.NeedsPopulating(Secret(data: data), Ca), what);

    [Fact]
    public void Filling_keeps_an_existing_token_and_records_the_account()
    {
        var secret = Secret(data: Data(token: "kept", ca: "old", ns: null));
        TokenSecrets.Populate(secret, Account(), Ca, Generate);
        Assert.Equal("kept", Encoding.UTF8.GetString(secret.Data["token"]));
        Assert.Equal(Ca, Encoding.UTF8.GetString(secret.Data["ca.crt"]));
        Assert.Equal("ci", Encoding.UTF8.GetString(secret.Data["namespace"]));
        Assert.Equal("uid-1", secret.Metadata.Annotations[TokenSecrets.UidAnnotation]);
        Assert.False(TokenSecrets.NeedsPopulating(secret, Ca));
    }

    [Fact]
    public void A_new_secret_is_named_after_the_account_and_carries_a_token_for_that_name()
    {
        var secret = TokenSecrets.New(Account("default"), Ca, Generate);
        Assert.Matches("^default-token-[bcdfghjklmnpqrstvwxz2456789]{5}$", secret.Metadata.Name);
        Assert.Equal(TokenSecrets.SecretType, secret.Type);
        Assert.Equal($"token:ci/default/uid-1/{secret.Metadata.Name}", Encoding.UTF8.GetString(secret.Data["token"]));
        Assert.Equal("default", secret.Metadata.Annotations[TokenSecrets.NameAnnotation]);
    }
}
