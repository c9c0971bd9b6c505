using ActorSweep.Core.Tasks;
using Newtonsoft.Json;

namespace ActorSweep.Cluster.Protocol;

/// <summary>
/// Lets <see cref="Hparams"/> cross nodes inside Akka's JSON-serialized messages: written as its
/// canonical JSON object, read back with the same value types, so task ids computed on any node agree.
/// Registered in <c>hocon/actorsweep.conf</c> (akka.actor.serialization-settings.json.converters).
/// </summary>
public sealed class HparamsJsonConverter : JsonConverter<Hparams>
{
    /// <inheritdoc />
    public override void WriteJson(JsonWriter writer, Hparams? value, JsonSerializer serializer)
    {
        if (value is null) writer.WriteNull();
        else writer.WriteValue(value.ToJson());
    }

    /// <inheritdoc />
    public override Hparams? ReadJson(JsonReader reader, Type objectType, Hparams? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
        reader.TokenType == JsonToken.Null ? null : Hparams.FromJson((string)reader.Value!);
}
