using Akka.Actor;
using Akka.Serialization;

namespace ActorSweep.Cluster.Artifacts;

/// <summary>
/// Binary serializer for the two messages that carry artifact bytes (<see cref="ArtifactChunk"/>,
/// <see cref="WriteChunk"/>): raw bytes instead of JSON's base64, which would add a third to every
/// megabyte and cost a text encoder pass on both sides. Bound in <c>hocon/actorsweep.conf</c>.
/// </summary>
public sealed class ArtifactChunkSerializer : SerializerWithStringManifest
{
    private const string ChunkManifest = "AC1";
    private const string WriteManifest = "WC1";

    /// <summary>Created by Akka's serialization extension.</summary>
    public ArtifactChunkSerializer(ExtendedActorSystem system) : base(system) { }

    /// <inheritdoc />
    public override int Identifier => 4711;

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        ArtifactChunk => ChunkManifest,
        WriteChunk => WriteManifest,
        _ => throw new ArgumentException($"{nameof(ArtifactChunkSerializer)} cannot serialize {o.GetType()}"),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            switch (obj)
            {
                case ArtifactChunk c:
                    w.Write(c.Sha256); w.Write(c.Offset); w.Write(c.Last); w.Write(c.Data.Length); w.Write(c.Data);
                    break;
                case WriteChunk c:
                    w.Write(c.TaskId); w.Write(c.UploadId); w.Write(c.Name); w.Write(c.Offset); w.Write(c.Data.Length); w.Write(c.Data);
                    break;
                default:
                    throw new ArgumentException($"{nameof(ArtifactChunkSerializer)} cannot serialize {obj.GetType()}");
            }
        }
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        switch (manifest)
        {
            case ChunkManifest:
            {
                var sha = r.ReadString(); var offset = r.ReadInt64(); var last = r.ReadBoolean();
                return new ArtifactChunk(sha, offset, r.ReadBytes(r.ReadInt32()), last);
            }
            case WriteManifest:
            {
                var task = r.ReadString(); var upload = r.ReadString(); var name = r.ReadString(); var offset = r.ReadInt64();
                return new WriteChunk(task, upload, name, offset, r.ReadBytes(r.ReadInt32()));
            }
            default:
                throw new System.Runtime.Serialization.SerializationException($"unknown artifact chunk manifest '{manifest}'");
        }
    }
}
