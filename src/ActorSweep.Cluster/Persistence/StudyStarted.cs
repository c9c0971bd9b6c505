// The namespace is the one this type was journaled under: journals written before the versioned manifests
// name it "ActorSweep.Cluster.Coordinator.StudyStarted, ActorSweep.Cluster" in their JSON payloads, so it
// must keep that name for them to replay. It lives in Persistence/ with the rest of the journal format.
namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// The first event of a study as release 1 journaled it (Newtonsoft JSON with its .NET type name). It is
/// only read, never written: recovery turns it into Core's <see cref="Core.Coordination.StudyStarted"/>,
/// which is written with the manifest <c>study-started.v1</c>. Never rename.
/// </summary>
public sealed record StudyStarted(string Fingerprint, int Tasks);
