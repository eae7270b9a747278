using System.Text.Json.Nodes;

namespace Dotkube.ApiServer.OpenApi;

/// <summary>
/// The /openapi/v2 document as the protobuf message kubectl asks for
/// (application/com.github.proto-openapi.spec.v2@v1.0+protobuf): gnostic's openapi.v2.Document.
/// Field numbers are those of gnostic's OpenAPIv2.proto; vendor extensions are NamedAny values
/// whose Any.yaml holds the value as YAML.
/// </summary>
internal static class GnosticV2Encoder
{
    public static byte[] Encode(ApiModel model, OpenApiOptions options)
    {
        var paths = model.V2Paths;
        var document = new ProtoWriter(1 << 20);
        document.String(Document.Swagger, "2.0");
        document.Message(Document.Info, info =>
        {
            info.String(Info.Title, "Kubernetes");
            info.String(Info.Version, options.KubernetesVersion);
        });
        document.Message(Document.Paths, message =>
        {
            foreach (var path in paths)
            {
                message.Message(Paths.Path, named =>
                {
                    named.String(Named.Name, path.Path);
                    named.Message(Named.Value, item => WritePathItem(item, path));
                });
            }
        });
        document.Message(Document.Definitions, definitions =>
        {
            foreach (var (name, schema) in model.DefinitionsUsedBy(paths))
            {
                definitions.Message(Definitions.AdditionalProperties, named =>
                {
                    named.String(Named.Name, name);
                    named.Message(Named.Value, s => WriteSchema(s, schema));
                });
            }
        });
        document.Message(Document.Security, requirement =>
            requirement.Message(SecurityRequirement.AdditionalProperties, named =>
            {
                named.String(Named.Name, "BearerToken");
                named.Message(Named.Value, _ => { });
            }));
        document.Message(Document.SecurityDefinitions, definitions =>
            definitions.Message(SecurityDefinitions.AdditionalProperties, named =>
            {
                named.String(Named.Name, "BearerToken");
                named.Message(Named.Value, item => item.Message(SecurityDefinitionsItem.ApiKeySecurity, key =>
                {
                    key.String(ApiKeySecurity.Type, "apiKey");
                    key.String(ApiKeySecurity.Name, "authorization");
                    key.String(ApiKeySecurity.In, "header");
                    key.String(ApiKeySecurity.Description, "Bearer Token authentication");
                }));
            }));
        return document.ToArray();
    }

    private static void WritePathItem(ProtoWriter item, ApiPath path)
    {
        foreach (var operation in path.Operations)
        {
            item.Message(PathItem.FieldOf(operation.Method), o => WriteOperation(o, operation));
        }
        foreach (var parameter in path.Parameters)
        {
            item.Message(PathItem.Parameters, p => WriteParameter(p, parameter));
        }
    }

    private static void WriteOperation(ProtoWriter message, ApiOperation operation)
    {
        message.Strings(Operation.Tags, [operation.Tag]);
        message.String(Operation.Description, operation.Description);
        message.String(Operation.OperationId, operation.OperationId);
        message.Strings(Operation.Produces, operation.Produces);
        message.Strings(Operation.Consumes, operation.Consumes);
        foreach (var parameter in operation.Parameters)
        {
            message.Message(Operation.Parameters, p => WriteParameter(p, parameter));
        }
        message.Message(Operation.Responses, responses =>
        {
            foreach (var response in operation.Responses)
            {
                responses.Message(Responses.ResponseCode, named =>
                {
                    named.String(Named.Name, response.Code);
                    named.Message(Named.Value, value => value.Message(ResponseValue.Response, r =>
                    {
                        r.String(Response.Description, response.Description);
                        if (response.Schema is { } schema)
                        {
                            r.Message(Response.Schema, item => item.Message(SchemaItem.Schema, s => WriteSchema(s, schema)));
                        }
                    }));
                });
            }
        });
        message.Strings(Operation.Schemes, ["https"]);
        WriteExtension(message, Operation.VendorExtension, "x-kubernetes-action", JsonValue.Create(operation.Action));
        if (operation.Kind is { } kind)
        {
            WriteExtension(message, Operation.VendorExtension, "x-kubernetes-group-version-kind", ApiModel.KindNode(kind));
        }
    }

    /// <summary>A ParametersItem: a body parameter, or a query or path parameter (NonBodyParameter).</summary>
    private static void WriteParameter(ProtoWriter item, ApiParameter parameter) =>
        item.Message(ParametersItem.Parameter, p =>
        {
            if (parameter.BodySchema is { } body)
            {
                p.Message(Parameter.BodyParameter, b =>
                {
                    b.String(BodyParameter.Name, parameter.Name);
                    b.String(BodyParameter.In, "body");
                    b.Bool(BodyParameter.Required, parameter.Required);
                    b.Message(BodyParameter.Schema, s => WriteSchema(s, body));
                });
                return;
            }
            p.Message(Parameter.NonBodyParameter, nonBody =>
            {
                var path = parameter.In == "path";
                nonBody.Message(path ? NonBodyParameter.PathParameter : NonBodyParameter.QueryParameter, sub =>
                {
                    sub.Bool(SubSchema.Required, parameter.Required);
                    sub.String(SubSchema.In, parameter.In);
                    sub.String(SubSchema.Description, parameter.Description);
                    sub.String(SubSchema.Name, parameter.Name);
                    // Past the name, path and query sub-schemas number their fields differently (query has allow_empty_value = 5).
                    sub.String(path ? SubSchema.PathType : SubSchema.QueryType, parameter.Type);
                    sub.Bool(path ? SubSchema.PathUniqueItems : SubSchema.QueryUniqueItems, true);
                });
            });
        });

    private static void WriteSchema(ProtoWriter message, Schema schema)
    {
        message.String(SchemaField.Ref, schema.Ref is null ? null : "#/definitions/" + schema.Ref);
        message.String(SchemaField.Format, schema.Format);
        message.String(SchemaField.Description, schema.Description);
        if (schema.Required is { } required)
        {
            message.Strings(SchemaField.Required, required);
        }
        if (schema.Enum is { } values)
        {
            foreach (var value in values)
            {
                message.Message(SchemaField.Enum, any => any.String(Any.Yaml, ExtensionYaml.Encode(value)));
            }
        }
        if (schema.AdditionalProperties is { } additional)
        {
            message.Message(SchemaField.AdditionalProperties, item => item.Message(AdditionalPropertiesItem.Schema, s => WriteSchema(s, additional)));
        }
        if (schema.Type is { } type)
        {
            message.Message(SchemaField.Type, item => item.Strings(TypeItem.Value, [type]));
        }
        if (schema.Items is { } items)
        {
            message.Message(SchemaField.Items, item => item.Message(ItemsItem.Schema, s => WriteSchema(s, items)));
        }
        if (schema.Properties is { } properties)
        {
            message.Message(SchemaField.Properties, props =>
            {
                foreach (var (name, property) in properties)
                {
                    props.Message(Properties.AdditionalProperties, named =>
                    {
                        named.String(Named.Name, name);
                        named.Message(Named.Value, s => WriteSchema(s, property));
                    });
                }
            });
        }
        foreach (var (name, value) in schema.Extensions)
        {
            WriteExtension(message, SchemaField.VendorExtension, name, value);
        }
    }

    /// <summary>A NamedAny: the extension's name and its value as YAML in Any.yaml.</summary>
    private static void WriteExtension(ProtoWriter message, int field, string name, JsonNode value) =>
        message.Message(field, named =>
        {
            named.String(Named.Name, name);
            named.Message(Named.Value, any => any.String(Any.Yaml, ExtensionYaml.Encode(value)));
        });

    // Field numbers of gnostic's openapiv2/OpenAPIv2.proto (package openapi.v2).
    private static class Document
    {
        public const int Swagger = 1, Info = 2, Paths = 8, Definitions = 9, Security = 12, SecurityDefinitions = 13;
    }

    private static class Info
    {
        public const int Title = 1, Version = 2;
    }

    /// <summary>NamedAny, NamedPathItem, NamedSchema, NamedResponseValue, NamedStringArray…: name = 1, value = 2.</summary>
    private static class Named
    {
        public const int Name = 1, Value = 2;
    }

    private static class Paths
    {
        public const int Path = 2;
    }

    private static class Definitions
    {
        public const int AdditionalProperties = 1;
    }

    private static class SecurityRequirement
    {
        public const int AdditionalProperties = 1;
    }

    private static class SecurityDefinitions
    {
        public const int AdditionalProperties = 1;
    }

    private static class SecurityDefinitionsItem
    {
        public const int ApiKeySecurity = 2;
    }

    private static class ApiKeySecurity
    {
        public const int Type = 1, Name = 2, In = 3, Description = 4;
    }

    private static class PathItem
    {
        public const int Parameters = 9;

        public static int FieldOf(string method) => method switch
        {
            "get" => 2,
            "put" => 3,
            "post" => 4,
            "delete" => 5,
            "options" => 6,
            "head" => 7,
            "patch" => 8,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not an OpenAPI v2 method"),
        };
    }

    private static class Operation
    {
        public const int Tags = 1, Description = 3, OperationId = 5, Produces = 6, Consumes = 7, Parameters = 8, Responses = 9, Schemes = 10, VendorExtension = 13;
    }

    private static class ParametersItem
    {
        public const int Parameter = 1;
    }

    private static class Parameter
    {
        public const int BodyParameter = 1, NonBodyParameter = 2;
    }

    private static class BodyParameter
    {
        public const int Name = 2, In = 3, Required = 4, Schema = 5;
    }

    private static class NonBodyParameter
    {
        public const int QueryParameter = 3, PathParameter = 4;
    }

    /// <summary>QueryParameterSubSchema and PathParameterSubSchema (shared numbers up to name).</summary>
    private static class SubSchema
    {
        public const int Required = 1, In = 2, Description = 3, Name = 4;
        public const int QueryType = 6, QueryUniqueItems = 20;
        public const int PathType = 5, PathUniqueItems = 19;
    }

    private static class Responses
    {
        public const int ResponseCode = 1;
    }

    private static class ResponseValue
    {
        public const int Response = 1;
    }

    private static class Response
    {
        public const int Description = 1, Schema = 2;
    }

    private static class SchemaItem
    {
        public const int Schema = 1;
    }

    private static class SchemaField
    {
        public const int Ref = 1, Format = 2, Description = 4, Required = 19, Enum = 20, AdditionalProperties = 21, Type = 22, Items = 23, Properties = 25, VendorExtension = 31;
    }

    private static class AdditionalPropertiesItem
    {
        public const int Schema = 1;
    }

    private static class TypeItem
    {
        public const int Value = 1;
    }

    private static class ItemsItem
    {
        public const int Schema = 1;
    }

    private static class Properties
    {
        public const int AdditionalProperties = 1;
    }

    private static class Any
    {
        public const int Yaml = 2;
    }
}
