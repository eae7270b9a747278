using System.Text.Json;

namespace Dotkube.Client.Serialization;

/// <summary>
/// Codec for <see cref="PartialObjectMetadata"/>: asks the server for metadata alone (as
/// client-go's metadata client does), falling back to plain JSON for servers that cannot convert —
/// the decoder skips everything but metadata either way.
/// </summary>
internal sealed class PartialObjectMetadataCodec(JsonSerializerOptions readOptions) : ModelCodec<PartialObjectMetadata>(readOptions)
{
    public PartialObjectMetadataCodec()
        : this(KubeJson.Options)
    {
    }

    public override string? ObjectAccept => "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    public override string? ListAccept => "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    protected override ObjectCodec<PartialObjectMetadata> CreateWithoutManagedFields() => new PartialObjectMetadataCodec(KubeJson.OptionsWithoutManagedFields);
}
