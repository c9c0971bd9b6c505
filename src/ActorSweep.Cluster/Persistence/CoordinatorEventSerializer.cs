using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using ActorSweep.Core.Coordination;

namespace ActorSweep.Cluster.Persistence;

/// <summary>
/// The coordinator's journal format: each event (and the snapshot) as JSON under an explicit, versioned
/// manifest such as <c>task-leased.v1</c>, so the .NET types may be renamed or moved without breaking a
/// journal. A manifest is never reused for another shape: a changed event gets a new manifest (<c>.v2</c>)
/// and this class keeps reading the old one. Journals written before these manifests (release 1: Akka's
/// Newtonsoft serializer with type names) are still read by that serializer, because the Core event types
/// kept their names. Bound in <c>hocon/actorsweep.conf</c>.
/// </summary>
public sealed class CoordinatorEventSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier in the journal's <c>serializer_id</c> column.</summary>
    public const int Id = 4712;

    /// <summary>Every manifest, by type. A public, persisted format: only ever add.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(StudyStarted)] = "study-started.v1",
        [typeof(TaskLeased)] = "task-leased.v1",
        [typeof(TaskCommitting)] = "task-committing.v1",
        [typeof(TaskCompleted)] = "task-completed.v1",
        [typeof(TaskAttemptFailed)] = "task-attempt-failed.v1",
        [typeof(TaskFailed)] = "task-failed.v1",
        [typeof(TaskSkipped)] = "task-skipped.v1",
        [typeof(LeaseReleased)] = "lease-released.v1",
        [typeof(NodeFaulted)] = "node-faulted.v1",
        [typeof(NodeExcluded)] = "node-excluded.v1",
        [typeof(LeaseReturned)] = "lease-returned.v1",
        [typeof(TaskReused)] = "task-reused.v1",
        [typeof(CoordinatorSnapshot)] = "coordinator-snapshot.v1",
    };

    private static readonly IReadOnlyDictionary<string, Type> Types = Manifests.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Created by Akka's serialization extension.</summary>
    public CoordinatorEventSerializer(ExtendedActorSystem system) : base(system) { }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var m) ? m : throw new ArgumentException($"{o.GetType().FullName} has no journal manifest; add one to {nameof(CoordinatorEventSerializer)}");

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type))
            throw new SerializationException($"unknown coordinator journal manifest '{manifest}' (written by a newer release?); known: {string.Join(", ", Types.Keys)}");
        return JsonSerializer.Deserialize(bytes, type, Json) ?? throw new SerializationException($"journal entry '{manifest}' is empty");
    }
}
