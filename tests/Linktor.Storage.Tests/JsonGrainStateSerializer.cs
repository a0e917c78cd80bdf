using System.Text.Json;
using Orleans.Storage;

namespace Linktor.Storage.Tests;

/// <summary>A System.Text.Json grain state serializer, so the provider test needs no Newtonsoft setup.</summary>
internal sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
}
