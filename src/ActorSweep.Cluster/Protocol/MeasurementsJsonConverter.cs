using ActorSweep.Core.Tasks;
using Newtonsoft.Json;

namespace ActorSweep.Cluster.Protocol;

/// <summary>
/// Lets a task result's <see cref="Measurements"/> cross nodes inside Akka's JSON-serialized messages: written as a JSON
/// object of name → number (round-trip precision), read back into the same value. Registered in
/// <c>hocon/actorsweep.conf</c> beside <see cref="HparamsJsonConverter"/>.
/// </summary>
public sealed class MeasurementsJsonConverter : JsonConverter<Measurements>
{
    /// <inheritdoc />
    public override void WriteJson(JsonWriter writer, Measurements? value, JsonSerializer serializer)
    {
        if (value is null) { writer.WriteNull(); return; }
        writer.WriteStartObject();
        foreach (var (name, v) in value)
        {
            writer.WritePropertyName(name);
            writer.WriteValue(v);
        }
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override Measurements? ReadJson(JsonReader reader, Type objectType, Measurements? existingValue, bool hasExistingValue, JsonSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null) return null;
        if (reader.TokenType != JsonToken.StartObject) throw new JsonSerializationException($"measurements: expected an object, found {reader.TokenType}");
        var values = new List<(string, double?)>();
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var name = (string)reader.Value!;
            reader.Read();
            values.Add((name, Convert.ToDouble(reader.Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return Measurements.Of(values.ToArray());
    }
}
