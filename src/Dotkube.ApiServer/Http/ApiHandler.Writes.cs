using Dotkube.Machinery.Validation;
using Dotkube.ApiServer.Resources.Common;
using System.Text.Json.Nodes;
using Dotkube.ApiServer.Authentication;
using Dotkube.ApiServer.FieldValidation;
using Dotkube.ApiServer.Routing;
using Dotkube.ApiServer.Registry;
using Dotkube.Machinery.Errors;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Http;

public sealed partial class ApiHandler
{
    private async Task CreateAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user)
    {
        var shape = Negotiate(ctx);
        var options = WriteOptionsFor(ctx, user, def.GroupVersion(info.Version));
        var body = await ReadObjectAsync(ctx, info, def);
        if (def.Namespaced)
        {
            CheckNamespace(body, ns);
        }
        if (def.Strategy is ICreateOnlyStrategy answering)
        {
            await AnswerCreateAsync(ctx, info, def, ns, user, body, answering, shape);
            return;
        }
        var stored = await StoreFor(def).CreateAsync(ns, VersionBridge.ToStorage(body, def), options, ctx.RequestAborted);
        await Responses.WriteObjectAsync(ctx, 201, Served(stored, def, info), shape, def, clock.GetUtcNow());
    }

    /// <summary>A create that stores nothing (access and token reviews): validate, compute, answer 201.</summary>
    private async Task AnswerCreateAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user, JsonObject body, ICreateOnlyStrategy answering, ResponseShape shape)
    {
        def.Strategy.Default(body);
        var errors = def.Strategy.Validate(body);
        if (errors.Count > 0)
        {
            throw StatusException.Invalid(def.Group, def.Kind, ObjectJson.Name(body), errors);
        }
        var answer = await answering.AnswerAsync(body, ns, user, ctx.RequestAborted);
        await Responses.WriteObjectAsync(ctx, 201, answer, shape, def, clock.GetUtcNow());
    }

    private async Task UpdateAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user, UpdateTarget target)
    {
        var shape = Negotiate(ctx);
        var options = WriteOptionsFor(ctx, user, def.GroupVersion(info.Version));
        var body = await ReadObjectAsync(ctx, info, def);
        var bodyName = ObjectJson.Name(body);
        if (bodyName != info.Name)
        {
            throw StatusException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({info.Name})");
        }
        if (def.Namespaced)
        {
            CheckNamespace(body, ns);
        }
        var storageBody = VersionBridge.ToStorage(body, def);
        var stored = await StoreFor(def).UpdateAsync(ns, info.Name, _ => (JsonObject)storageBody.DeepClone(), target, options, ctx.RequestAborted);
        await Responses.WriteObjectAsync(ctx, 200, Served(stored, def, info), shape, def, clock.GetUtcNow());
    }

    private async Task PatchAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user, UpdateTarget target)
    {
        var contentType = MediaTypes.Essence(ctx.Request.ContentType);
        if (contentType == MediaTypes.ApplyPatch)
        {
            await ApplyAsync(ctx, info, def, ns, user, target);
            return;
        }
        if (ctx.Request.Query.ContainsKey("force"))
        {
            throw StatusException.Invalid("meta.k8s.io", "PatchOptions", "", [Machinery.Validation.FieldError.Forbidden("force", "may not be specified for non-apply patch")]);
        }
        var shape = Negotiate(ctx);
        var options = WriteOptionsFor(ctx, user, def.GroupVersion(info.Version));
        var patchBytes = await RequestBody.ReadAsync(ctx, ctx.RequestAborted);
        var patcher = Patcher.For(contentType, patchBytes, def, info.Version);
        var validation = FieldValidator.FromRequest(ctx, "PatchOptions").ForPatch(contentType, patchBytes);
        var stored = await StoreFor(def).UpdateAsync(ns, info.Name, current =>
        {
            var served = Served(current, def, info);
            var patched = patcher.Apply(served);
            validation.CheckResult(patched, def, info.Version);
            if (ObjectJson.Name(patched) != info.Name)
            {
                throw StatusException.BadRequest($"the name of the object ({ObjectJson.Name(patched)}) does not match the name on the URL ({info.Name})");
            }
            // Patches retry on conflicts unless they carry their own resourceVersion precondition.
            if (!patcher.SetsResourceVersion)
            {
                ObjectJson.Metadata(patched).Remove("resourceVersion");
            }
            return VersionBridge.ToStorage(patched, def);
        }, target, options, ctx.RequestAborted);
        await Responses.WriteObjectAsync(ctx, 200, Served(stored, def, info), shape, def, clock.GetUtcNow());
    }

    private async Task DeleteAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user)
    {
        var shape = Negotiate(ctx);
        var (request, dryRun) = await ReadDeleteOptionsAsync(ctx);
        var options = new WriteOptions(user, dryRun);
        var result = await StoreFor(def).DeleteAsync(ns, info.Name, request, options, ctx.RequestAborted);
        // Upstream answers 202 only for a deferred deletion that asked for orphanDependents=false;
        // graceful pod deletion, finalizers and foreground deletion all answer 200.
        var code = !result.DeletedImmediately && request.OrphanDependents == false ? 202 : 200;
        if (result.DeletedImmediately && !def.ReturnDeletedObject)
        {
            await Responses.WriteJsonAsync(ctx, code, Responses.SuccessStatus(new JsonObject
            {
                ["name"] = info.Name,
                ["group"] = def.Group,
                ["kind"] = def.Plural,
                ["uid"] = ObjectJson.Uid(result.Object),
            }));
            return;
        }
        await Responses.WriteObjectAsync(ctx, code, Served(result.Object, def, info), shape, def, clock.GetUtcNow());
    }

    /// <summary>Deletes of one deletecollection call that run at once.</summary>
    private const int DeleteCollectionWorkers = 16;

    private async Task DeleteCollectionAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def, string ns, UserInfo user)
    {
        Negotiate(ctx);
        var (request, dryRun) = await ReadDeleteOptionsAsync(ctx);
        var q = ctx.Request.Query;
        var filter = ObjectFilter.Build(def, q["labelSelector"].ToString(), q["fieldSelector"].ToString(), ns);
        var store = StoreFor(def);
        var page = await store.ListAsync(ns, new ListQuery(filter.Matches), ctx.RequestAborted);
        // Several deletes in flight at once (upstream's --delete-collection-workers), so that the
        // store commits them in groups: a namespace of 10,000 pods goes in seconds, not minutes.
        var results = new JsonNode?[page.Items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, page.Items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = DeleteCollectionWorkers, CancellationToken = ctx.RequestAborted },
            async (i, ct) =>
            {
                var obj = page.Items[i];
                try
                {
                    var r = await store.DeleteAsync(ObjectJson.Namespace(obj), ObjectJson.Name(obj), request, new WriteOptions(user, dryRun), ct);
                    results[i] = StripTypeMeta(def)(Served(r.Object, def, info));
                }
                catch (StatusException e) when (e.Code == 404)
                {
                    // Deleted by someone else meanwhile: that is what we wanted.
                }
            });
        var deleted = new JsonArray([.. results.Where(r => r is not null)]);
        await Responses.WriteJsonAsync(ctx, 200, new JsonObject
        {
            ["kind"] = def.ListKind,
            ["apiVersion"] = def.GroupVersion(info.Version),
            ["metadata"] = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        });
    }

    /// <summary>
    /// Reads a create/update body, checks it is the kind and version the URL names, and validates
    /// its fields against the typed schema (the fieldValidation parameter).
    /// </summary>
    private async Task<JsonObject> ReadObjectAsync(HttpContext ctx, RequestInfo info, ResourceDefinition def)
    {
        var validator = FieldValidator.FromRequest(ctx, HttpMethods.IsPost(ctx.Request.Method) ? "CreateOptions" : "UpdateOptions");
        var bytes = await RequestBody.ReadAsync(ctx, ctx.RequestAborted);
        var obj = RequestBody.DecodeObject(bytes, ctx.Request.ContentType, out var duplicates);
        CheckTypeMeta(obj, info, def);
        if (obj["metadata"] is { } m && m is not JsonObject)
        {
            throw StatusException.BadRequest("metadata must be an object");
        }
        var expected = def.GroupVersion(info.Version);
        obj["apiVersion"] = expected;
        obj["kind"] = def.Kind;
        validator.CheckObject(obj, duplicates, def, info.Version);
        return obj;
    }

    /// <summary>
    /// The body's apiVersion and kind, judged as upstream's decoder does: a kind the body's version
    /// does not have, or another kind than the URL's, cannot be decoded as the URL's kind; the same
    /// kind in another version of the group decodes but does not match.
    /// </summary>
    private void CheckTypeMeta(JsonObject obj, RequestInfo info, ResourceDefinition def)
    {
        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (obj[field] is { } v && v.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                throw StatusException.BadRequest(
                    $"couldn't get version/kind; json parse error: json: cannot unmarshal {GoJsonType(v)} into Go struct field .{field} of type string");
            }
        }
        var expected = def.GroupVersion(info.Version);
        var apiVersion = ObjectJson.GetString(obj, "apiVersion") is { Length: > 0 } a ? a : expected;
        var kind = ObjectJson.GetString(obj, "kind") is { Length: > 0 } k ? k : def.Kind;
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        // The URL's own resource is the usual answer; only another kind or version needs the registry searched.
        var known = (group == def.Group && kind == def.Kind && def.Versions.Contains(version))
            || registry.All.Any(d => d.Group == group && d.Kind == kind && d.Versions.Contains(version));
        if (!known)
        {
            throw StatusException.BadRequest(
                $"{kind} in version \"{apiVersion}\" cannot be handled as a {def.Kind}: no kind \"{kind}\" is registered for version \"{apiVersion}\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
        }
        if (kind != def.Kind || group != def.Group)
        {
            throw StatusException.BadRequest(
                $"{kind} in version \"{apiVersion}\" cannot be handled as a {def.Kind}: the object provided is unrecognized (must be of type {def.Kind})");
        }
        if (apiVersion != expected)
        {
            throw StatusException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expected})");
        }
    }

    private static string GoJsonType(JsonNode v) => v.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.Number => "number",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
        System.Text.Json.JsonValueKind.Array => "array",
        System.Text.Json.JsonValueKind.Object => "object",
        _ => "value",
    };

    private static void CheckNamespace(JsonObject obj, string ns)
    {
        var bodyNs = ObjectJson.Namespace(obj);
        if (bodyNs.Length > 0 && bodyNs != ns)
        {
            throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        ObjectJson.Metadata(obj)["namespace"] = ns;
    }

    private static WriteOptions WriteOptionsFor(HttpContext ctx, UserInfo user, string? apiVersion = null)
    {
        var dryRun = ParseDryRun(ctx.Request.Query["dryRun"], OptionsKind(ctx));
        return new WriteOptions(user, dryRun, FieldManagerFor(ctx)) { ApiVersion = apiVersion };
    }

    /// <summary>
    /// Who a write is recorded for in managedFields: the fieldManager parameter, else the user
    /// agent up to its first '/' (as upstream: "kubectl/v1.32.0 (linux/amd64) ..." is "kubectl").
    /// </summary>
    internal static string FieldManagerFor(HttpContext ctx)
    {
        if (ctx.Request.Query["fieldManager"].ToString() is { Length: > 0 } fm)
        {
            CheckFieldManager(ctx, fm);
            return fm;
        }
        var agent = ctx.Request.Headers.UserAgent.ToString();
        var slash = agent.IndexOf('/');
        return slash < 0 ? agent : agent[..slash];
    }

    /// <summary>Upstream's options validation of fieldManager: at most 128 bytes, printable characters only.</summary>
    private static void CheckFieldManager(HttpContext ctx, string manager)
    {
        var errors = new List<Machinery.Validation.FieldError>();
        if (System.Text.Encoding.UTF8.GetByteCount(manager) > 128)
        {
            errors.Add(Machinery.Validation.FieldError.TooLong("fieldManager", "", 128));
        }
        var position = 0;
        foreach (var rune in manager.EnumerateRunes())
        {
            if (System.Text.Rune.IsControl(rune) || System.Text.Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse)
            {
                errors.Add(Machinery.Validation.FieldError.Invalid("fieldManager", manager,
                    $"invalid character U+{rune.Value:X4} (at position {position})"));
            }
            position += rune.Utf8SequenceLength;
        }
        if (errors.Count > 0)
        {
            var kind = ctx.Request.Method switch
            {
                "POST" => "CreateOptions",
                "PUT" => "UpdateOptions",
                _ => "PatchOptions",
            };
            throw StatusException.Invalid("meta.k8s.io", kind, "", errors);
        }
    }

    /// <summary>
    /// The dryRun option: only "All" exists. Anything else is refused as upstream's options
    /// validation does, naming the options kind the verb decodes (CreateOptions, UpdateOptions,
    /// PatchOptions or DeleteOptions in meta.k8s.io).
    /// </summary>
    internal static bool ParseDryRun(Microsoft.Extensions.Primitives.StringValues values, string optionsKind)
    {
        var given = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        if (given.Any(v => v != "All"))
        {
            throw StatusException.Invalid("meta.k8s.io", optionsKind, "",
                [FieldError.NotSupported("dryRun", GoValue.StringSlice(given), ["All"])]);
        }
        return given.Count > 0;
    }

    private static string OptionsKind(HttpContext ctx) => ctx.Request.Method switch
    {
        "PUT" => "UpdateOptions",
        "PATCH" => "PatchOptions",
        "DELETE" => "DeleteOptions",
        _ => "CreateOptions",
    };

    /// <summary>DeleteOptions from the body (kubectl sends one) and the query string.</summary>
    private static async Task<(DeleteRequest Request, bool DryRun)> ReadDeleteOptionsAsync(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        long? grace = null;
        string? propagation = null, uid = null, rv = null;
        bool? orphanDependents = null;
        var dryRun = ParseDryRun(q["dryRun"], "DeleteOptions");
        if (q["gracePeriodSeconds"].ToString() is { Length: > 0 } g)
        {
            grace = long.TryParse(g, out var gs) ? gs : throw StatusException.BadRequest($"invalid gracePeriodSeconds: \"{g}\"");
        }
        if (q["propagationPolicy"].ToString() is { Length: > 0 } p)
        {
            propagation = p;
        }
        if (q["orphanDependents"].ToString() is { Length: > 0 } orphan)
        {
            orphanDependents = IsTrue(orphan);
            propagation ??= orphanDependents.Value ? "Orphan" : null;
        }
        var bytes = await RequestBody.ReadAsync(ctx, ctx.RequestAborted);
        if (bytes.Length > 0)
        {
            var body = RequestBody.DecodeObject(bytes, ctx.Request.ContentType);
            if (ObjectJson.TryGetLong(body["gracePeriodSeconds"], out var gsec))
            {
                grace = gsec;
            }
            if (ObjectJson.GetString(body, "propagationPolicy") is { } bp)
            {
                propagation = bp;
            }
            if (body["orphanDependents"] is JsonValue ov && ov.TryGetValue<bool>(out var ob))
            {
                orphanDependents = ob;
                propagation ??= ob ? "Orphan" : null;
            }
            if (body["preconditions"] is JsonObject pre)
            {
                uid = ObjectJson.GetString(pre, "uid");
                rv = ObjectJson.GetString(pre, "resourceVersion");
            }
            if (body["dryRun"] is JsonArray dr && dr.Count > 0)
            {
                dryRun |= ParseDryRun(new Microsoft.Extensions.Primitives.StringValues(dr.Select(x => x?.ToString()).ToArray()), "DeleteOptions");
            }
        }
        if (propagation is not null and not ("Foreground" or "Background" or "Orphan"))
        {
            throw new StatusException(422, "Invalid",
                $"propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        return (new DeleteRequest(grace, propagation, uid, rv, orphanDependents), dryRun);
    }
}
