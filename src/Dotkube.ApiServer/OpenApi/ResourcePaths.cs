using Dotkube.ApiServer.Registry;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>The definitions a resource version's operations read and write.</summary>
/// <param name="KindDefinition">the object's definition name.</param>
/// <param name="ListDefinition">the list's definition name.</param>
/// <param name="Custom">true for kinds without a KubernetesClient model (custom resources): no strategic merge patch.</param>
internal sealed record ResourceKinds(GroupVersionKind Kind, string KindDefinition, string ListDefinition, bool Custom);

/// <summary>
/// The paths and operations of one resource in one served version: the collection, the item, the
/// watch paths, and each subresource, each with the verbs the resource serves.
/// </summary>
internal sealed class ResourcePaths(ResourceDefinition resource, string version, ResourceKinds kinds, OpenApiOptions options, Func<GroupVersionKind, string?> definitionOfKind)
{
    private static readonly Schema StatusSchema = new() { Ref = ApiMachineryTypes.Status };
    private static readonly Schema DeleteOptionsSchema = new() { Ref = ApiMachineryTypes.DeleteOptions };
    private static readonly Schema WatchEventSchema = new() { Ref = ApiMachineryTypes.WatchEvent };
    private static readonly Schema PatchSchema = new() { Ref = ApiMachineryTypes.Patch };
    private static readonly Schema TextSchema = new() { Type = "string" };
    private static readonly ApiResponse Unauthorized = new("401", "Unauthorized", null);

    private readonly string kind = resource.Kind;
    private readonly string idPart = OperationNames.GroupPart(resource.Group) + OperationNames.VersionPart(version);
    private readonly string scope = resource.Namespaced ? "Namespaced" : "";
    private readonly string tag = OperationNames.Tag(resource.Group, version);
    private readonly Schema kindSchema = new() { Ref = kinds.KindDefinition };

    /// <summary>The paths that have at least one operation, for the verbs the resource serves.</summary>
    public IEnumerable<ApiPath> Build() => AllPaths().Where(p => p.Operations.Count > 0).Select(HoistSharedParameters);

    /// <summary>
    /// As upstream's generator does, query parameters that every operation of a path takes are
    /// declared once on the path instead (a list-only path carries all list parameters there).
    /// </summary>
    private static ApiPath HoistSharedParameters(ApiPath path)
    {
        var shared = path.Operations
            .Select(o => o.Parameters.Where(p => p.BodySchema is null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal))
            .Aggregate((a, b) => { a.IntersectWith(b); return a; });
        if (shared.Count == 0)
        {
            return path;
        }
        var hoisted = new ApiPath
        {
            Path = path.Path,
            Parameters = [.. path.Parameters, .. path.Operations[0].Parameters.Where(p => p.BodySchema is null && shared.Contains(p.Name))],
        };
        hoisted.Operations.AddRange(path.Operations.Select(o => o.With(o.Parameters.Where(p => p.BodySchema is not null || !shared.Contains(p.Name)).ToList())));
        return hoisted;
    }

    private IEnumerable<ApiPath> AllPaths()
    {
        var prefix = resource.Group.Length == 0 ? "/api/" + version : $"/apis/{resource.Group}/{version}";
        var scoped = resource.Namespaced ? prefix + "/namespaces/{namespace}" : prefix;
        var scopeParameters = resource.Namespaced ? new[] { ApiParameters.Namespace } : [];
        var verbs = resource.Verbs.ToHashSet(StringComparer.Ordinal);

        var collection = new ApiPath { Path = $"{scoped}/{resource.Plural}", Parameters = [.. scopeParameters, ApiParameters.Pretty] };
        AddIf(collection, verbs.Contains("list"), List("list" + idPart + scope + kind));
        AddIf(collection, verbs.Contains("create"), Create());
        AddIf(collection, verbs.Contains("deletecollection"), DeleteCollection());
        yield return collection;

        var itemParameters = new[] { ApiParameters.Name(kind) }.Concat(scopeParameters).Append(ApiParameters.Pretty).ToArray();
        var item = new ApiPath { Path = $"{scoped}/{resource.Plural}/{{name}}", Parameters = itemParameters };
        AddIf(item, verbs.Contains("get"), Read("get", "read", "read the specified " + kind, kindSchema, kinds.Kind, ""));
        AddIf(item, verbs.Contains("update"), Replace("replace the specified " + kind, kindSchema, kinds.Kind, ""));
        AddIf(item, verbs.Contains("patch"), Patch("partially update the specified " + kind, kindSchema, kinds.Kind, ""));
        AddIf(item, verbs.Contains("delete"), Delete());
        yield return item;

        if (resource.Namespaced && verbs.Contains("list"))
        {
            var all = new ApiPath { Path = $"{prefix}/{resource.Plural}", Parameters = [ApiParameters.Pretty] };
            all.Operations.Add(List("list" + idPart + kind + "ForAllNamespaces"));
            yield return all;
        }
        if (verbs.Contains("watch"))
        {
            var watchScoped = resource.Namespaced ? prefix + "/watch/namespaces/{namespace}" : prefix + "/watch";
            yield return WatchPath($"{watchScoped}/{resource.Plural}", [.. scopeParameters], "watchlist", "watch" + idPart + scope + kind + "List",
                $"watch individual changes to a list of {kind}. deprecated: use the 'watch' parameter with a list operation instead.");
            yield return WatchPath($"{watchScoped}/{resource.Plural}/{{name}}", [ApiParameters.Name(kind), .. scopeParameters], "watch", "watch" + idPart + scope + kind,
                $"watch changes to an object of kind {kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.");
            if (resource.Namespaced)
            {
                yield return WatchPath($"{prefix}/watch/{resource.Plural}", [], "watchlist", "watch" + idPart + kind + "ListForAllNamespaces",
                    $"watch individual changes to a list of {kind}. deprecated: use the 'watch' parameter with a list operation instead.");
            }
        }

        foreach (var subresource in resource.Subresources)
        {
            foreach (var path in Subresource(subresource, $"{scoped}/{resource.Plural}/{{name}}/{subresource}", itemParameters))
            {
                yield return path;
            }
        }
    }

    private IEnumerable<ApiPath> Subresource(string name, string path, ApiParameter[] itemParameters)
    {
        var facts = SubresourceKind.For(name, kinds.Kind);
        if (facts.Shape is SubresourceShape.Connect or SubresourceShape.Proxy)
        {
            // Streams and proxied requests have no object to pretty-print.
            itemParameters = [.. itemParameters.Where(p => p != ApiParameters.Pretty)];
        }
        var suffix = OperationNames.Capitalize(name);
        var subKind = facts.Kind ?? kinds.Kind;
        var subSchema = facts.Kind is { } k && k != kinds.Kind && definitionOfKind(k) is { } definition
            ? new Schema { Ref = definition }
            : kindSchema;
        var sub = new ApiPath { Path = path, Parameters = itemParameters };
        switch (facts.Shape)
        {
            case SubresourceShape.ReadWrite:
                sub.Operations.Add(Read("get", "read", $"read {name} of the specified {kind}", subSchema, subKind, suffix));
                sub.Operations.Add(Replace($"replace {name} of the specified {kind}", subSchema, subKind, suffix));
                sub.Operations.Add(Patch($"partially update {name} of the specified {kind}", subSchema, subKind, suffix));
                break;
            case SubresourceShape.ReplaceOnly:
                sub.Operations.Add(Replace($"replace {name} of the specified {kind}", subSchema, subKind, suffix));
                break;
            case SubresourceShape.Create:
                sub.Operations.Add(new ApiOperation
                {
                    Method = "post",
                    OperationId = "create" + idPart + scope + kind + suffix,
                    Description = $"create {name} of {OperationNames.Article(kind)}{kind}",
                    Tag = tag,
                    Action = "post",
                    Kind = subKind,
                    Produces = ObjectTypes(),
                    Parameters = [ApiParameters.Body(subSchema), .. ApiParameters.WriteQuery],
                    Responses = [new("200", "OK", subSchema), new("201", "Created", subSchema), new("202", "Accepted", subSchema), Unauthorized],
                });
                break;
            case SubresourceShape.Log:
                sub.Operations.Add(new ApiOperation
                {
                    Method = "get",
                    OperationId = "read" + idPart + scope + kind + suffix,
                    Description = $"read {name} of the specified {kind}",
                    Tag = tag,
                    Action = "get",
                    Kind = subKind,
                    Produces = ["text/plain", .. ObjectTypes()],
                    Parameters = ApiParameters.LogQuery,
                    Responses = [new("200", "OK", TextSchema), Unauthorized],
                });
                break;
            case SubresourceShape.Connect:
                var query = name switch
                {
                    "exec" => ApiParameters.ExecQuery,
                    "attach" => ApiParameters.AttachQuery,
                    _ => ApiParameters.PortForwardQuery,
                };
                sub.Operations.Add(Connect("GET", name, facts, suffix, query));
                sub.Operations.Add(Connect("POST", name, facts, suffix, query));
                break;
            case SubresourceShape.Proxy:
                string[] methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"];
                sub.Operations.AddRange(methods.Select(m => Connect(m, name, facts, suffix, ApiParameters.ProxyQuery)));
                yield return sub;
                var withPath = new ApiPath { Path = path + "/{path}", Parameters = [.. itemParameters, ApiParameters.ProxyPath] };
                withPath.Operations.AddRange(methods.Select(m => Connect(m, name, facts, suffix + "WithPath", ApiParameters.ProxyQuery)));
                yield return withPath;
                yield break;
        }
        yield return sub;
    }

    private ApiOperation Connect(string method, string name, SubresourceKind facts, string suffix, IReadOnlyList<ApiParameter> query) => new()
    {
        Method = method.ToLowerInvariant(),
        OperationId = "connect" + idPart + OperationNames.Method(method) + scope + kind + suffix,
        Description = $"connect {method} requests to {name} of {kind}",
        Tag = tag,
        Action = "connect",
        Kind = kinds.Kind with { Kind = kind + facts.OptionsKindSuffix },
        Produces = ["*/*"],
        Parameters = query,
        Responses = [new("200", "OK", TextSchema), Unauthorized],
    };

    private ApiPath WatchPath(string path, ApiParameter[] scopeParameters, string action, string operationId, string description)
    {
        var watch = new ApiPath { Path = path, Parameters = [.. ApiParameters.ListQuery, .. scopeParameters, ApiParameters.Pretty] };
        watch.Operations.Add(new ApiOperation
        {
            Method = "get",
            OperationId = operationId,
            Description = description,
            Tag = tag,
            Action = action,
            Kind = kinds.Kind,
            Produces = StreamTypes(),
            Responses = [new("200", "OK", WatchEventSchema), Unauthorized],
        });
        return watch;
    }

    private ApiOperation List(string operationId) => new()
    {
        Method = "get",
        OperationId = operationId,
        Description = (resource.Verbs.Contains("watch") ? "list or watch objects of kind " : "list objects of kind ") + kind,
        Tag = tag,
        Action = "list",
        Kind = kinds.Kind,
        Produces = StreamTypes(),
        Parameters = ApiParameters.ListQuery,
        Responses = [new("200", "OK", new Schema { Ref = kinds.ListDefinition }), Unauthorized],
    };

    private ApiOperation Create() => new()
    {
        Method = "post",
        OperationId = "create" + idPart + scope + kind,
        Description = "create " + OperationNames.Article(kind) + kind,
        Tag = tag,
        Action = "post",
        Kind = kinds.Kind,
        Produces = ObjectTypes(),
        Parameters = [ApiParameters.Body(kindSchema), .. ApiParameters.WriteQuery],
        Responses = [new("200", "OK", kindSchema), new("201", "Created", kindSchema), new("202", "Accepted", kindSchema), Unauthorized],
    };

    private ApiOperation DeleteCollection() => new()
    {
        Method = "delete",
        OperationId = "delete" + idPart + "Collection" + scope + kind,
        Description = "delete collection of " + kind,
        Tag = tag,
        Action = "deletecollection",
        Kind = kinds.Kind,
        Produces = ObjectTypes(),
        Parameters = [ApiParameters.Body(DeleteOptionsSchema, required: false), .. ApiParameters.DeleteCollectionQuery],
        Responses = [new("200", "OK", StatusSchema), Unauthorized],
    };

    private ApiOperation Read(string method, string verb, string description, Schema schema, GroupVersionKind gvk, string suffix) => new()
    {
        Method = method,
        OperationId = verb + idPart + scope + kind + suffix,
        Description = description,
        Tag = tag,
        Action = "get",
        Kind = gvk,
        Produces = ObjectTypes(),
        Responses = [new("200", "OK", schema), Unauthorized],
    };

    private ApiOperation Replace(string description, Schema schema, GroupVersionKind gvk, string suffix) => new()
    {
        Method = "put",
        OperationId = "replace" + idPart + scope + kind + suffix,
        Description = description,
        Tag = tag,
        Action = "put",
        Kind = gvk,
        Produces = ObjectTypes(),
        Parameters = [ApiParameters.Body(schema), .. ApiParameters.WriteQuery],
        Responses = [new("200", "OK", schema), new("201", "Created", schema), Unauthorized],
    };

    private ApiOperation Patch(string description, Schema schema, GroupVersionKind gvk, string suffix) => new()
    {
        Method = "patch",
        OperationId = "patch" + idPart + scope + kind + suffix,
        Description = description,
        Tag = tag,
        Action = "patch",
        Kind = gvk,
        Consumes = kinds.Custom
            ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
            : ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"],
        Produces = ObjectTypes(),
        Parameters = [ApiParameters.Body(PatchSchema), .. ApiParameters.PatchQuery],
        Responses = [new("200", "OK", schema), new("201", "Created", schema), Unauthorized],
    };

    private ApiOperation Delete() => new()
    {
        Method = "delete",
        OperationId = "delete" + idPart + scope + kind,
        Description = "delete " + OperationNames.Article(kind) + kind,
        Tag = tag,
        Action = "delete",
        Kind = kinds.Kind,
        Produces = ObjectTypes(),
        Parameters = [ApiParameters.Body(DeleteOptionsSchema, required: false), .. ApiParameters.DeleteQuery],
        Responses = resource.ReturnDeletedObject
            ? [new("200", "OK", kindSchema), new("202", "Accepted", kindSchema), Unauthorized]
            : [new("200", "OK", StatusSchema), new("202", "Accepted", StatusSchema), Unauthorized],
    };

    private string[] ObjectTypes() => options.AdvertiseProtobuf && !kinds.Custom
        ? ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]
        : ["application/json", "application/yaml"];

    private string[] StreamTypes() => options.AdvertiseProtobuf && !kinds.Custom
        ? ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf", "application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch"]
        : ["application/json", "application/yaml", "application/json;stream=watch"];

    private static void AddIf(ApiPath path, bool condition, ApiOperation operation)
    {
        if (condition)
        {
            path.Operations.Add(operation);
        }
    }
}
