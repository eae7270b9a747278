namespace Dotkube.ApiServer.OpenApi;

/// <summary>A group, version and kind as OpenAPI's x-kubernetes-group-version-kind carries it.</summary>
internal readonly record struct GroupVersionKind(string Group, string Version, string Kind);

/// <summary>A query, path or body parameter. Body parameters carry a schema; the others a primitive type.</summary>
internal sealed record ApiParameter(string Name, string In, string Type, string Description, bool Required = false)
{
    public Schema? BodySchema { get; init; }
}

/// <summary>One response of an operation; a null schema means no body is described.</summary>
internal sealed record ApiResponse(string Code, string Description, Schema? Schema);

/// <summary>One HTTP method on one path, with what kubectl reads from it (action, kind, parameters).</summary>
internal sealed class ApiOperation
{
    public required string Method { get; init; }

    public required string OperationId { get; init; }

    public required string Description { get; init; }

    public required string Tag { get; init; }

    /// <summary>x-kubernetes-action: get, list, watch, watchlist, put, patch, post, delete, deletecollection, connect.</summary>
    public required string Action { get; init; }

    public GroupVersionKind? Kind { get; init; }

    public IReadOnlyList<string> Consumes { get; init; } = ["*/*"];

    public required IReadOnlyList<string> Produces { get; init; }

    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    public required IReadOnlyList<ApiResponse> Responses { get; init; }

    /// <summary>A copy with other parameters.</summary>
    public ApiOperation With(IReadOnlyList<ApiParameter> parameters) => new()
    {
        Method = Method,
        OperationId = OperationId,
        Description = Description,
        Tag = Tag,
        Action = Action,
        Kind = Kind,
        Consumes = Consumes,
        Produces = Produces,
        Parameters = parameters,
        Responses = Responses,
    };
}

/// <summary>A path with its shared parameters and its operations, in method order.</summary>
internal sealed class ApiPath
{
    public required string Path { get; init; }

    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    public List<ApiOperation> Operations { get; } = [];
}
