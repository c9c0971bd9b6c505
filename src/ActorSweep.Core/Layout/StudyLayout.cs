namespace ActorSweep.Core.Layout;

/// <summary>
/// Every file name of a study folder, in one place. <c>&lt;out&gt;/&lt;study&gt;/</c> holds the
/// study file as run, the Parquet datasets, and the artifacts addressed by task id.
/// </summary>
public sealed class StudyLayout
{
    /// <summary>Creates the layout of the study folder <paramref name="root"/>.</summary>
    public StudyLayout(string root) => Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    /// <summary>The layout of <c>&lt;outDir&gt;/&lt;studyName&gt;</c>.</summary>
    public static StudyLayout For(string outDir, string studyName) => new(Path.Combine(outDir, studyName));

    /// <summary>The study folder.</summary>
    public string Root { get; }

    /// <summary>A copy of the study file the study was started with (used by resume).</summary>
    public string StudyFile => Path.Combine(Root, "study.hocon");

    /// <summary>The <c>trials</c> dataset folder: one row per finished task.</summary>
    public string TrialsDir => Path.Combine(Root, "trials");

    /// <summary>The <c>curves</c> dataset folder: one row per evaluation.</summary>
    public string CurvesDir => Path.Combine(Root, "curves");

    /// <summary>The <c>layers</c> dataset: per prunable layer of each completed task.</summary>
    public string LayersDir => Path.Combine(Root, "layers");

    /// <summary>The <c>interpolation</c> dataset: points on the line between an LMC pair's two networks.</summary>
    public string InterpolationDir => Path.Combine(Root, "interpolation");

    /// <summary>The <c>faults</c> dataset: nodes' faults while they held tasks.</summary>
    public string FaultsDir => Path.Combine(Root, "faults");

    /// <summary>The <c>combinations</c> dataset (ensembles and soups against their members).</summary>
    public string CombinationsDir => Path.Combine(Root, "combinations");

    /// <summary>The <c>robustness</c> dataset: accuracy on corrupted and adversarial test sets.</summary>
    public string RobustnessDir => Path.Combine(Root, "robustness");

    /// <summary>Per-task artifacts (θ0, θ_k, masks, final weights).</summary>
    public string ArtifactsDir => Path.Combine(Root, "artifacts");

    /// <summary>The folder's instance id file (tells studies of the same name apart in a shared journal).</summary>
    public string InstanceIdFile => Path.Combine(Root, "instance-id");

    /// <summary>The defaults version the study started with (see <see cref="DefaultsRecord"/>).</summary>
    public string DefaultsFile => Path.Combine(Root, "defaults.json");

    /// <summary>Locked by the study's live coordinator (one per folder).</summary>
    public string LockFile => Path.Combine(Root, "coordinator.lock");

    /// <summary>Who holds <see cref="LockFile"/>: host, pid and cluster address of the live coordinator.</summary>
    public string CoordinatorFile => Path.Combine(Root, "coordinator.json");

    /// <summary>The coordinator's log: full errors, stack traces and Akka's own messages.</summary>
    public string LogFile => Path.Combine(Root, "actorsweep.log");

    /// <summary>Every coordinator that ran the study: start, resumes and failovers, one JSON line each (<c>report</c> lists failovers).</summary>
    public string CoordinatorHistoryFile => Path.Combine(Root, "coordinators.jsonl");

    /// <summary>The coordinator's journal (SQLite by default).</summary>
    public string JournalFile => Path.Combine(Root, "journal.db");

    /// <summary>The folder of one task's artifacts.</summary>
    public string ArtifactDir(string taskId) => Path.Combine(ArtifactsDir, taskId);

    /// <summary>The path of one named artifact of a task, e.g. <c>Artifact(id, ArtifactNames.Mask)</c>.</summary>
    public string Artifact(string taskId, string name) => Path.Combine(ArtifactDir(taskId), name);

    /// <summary>
    /// The name of a Parquet part: ordered by sequence, unique per writer, so concurrent writers and
    /// restarts never collide. Readers glob <c>*.parquet</c>; temporaries end in <c>.tmp</c>.
    /// </summary>
    public static string PartFileName(long sequence, string writerId) => $"part-{sequence:D6}-{writerId}.parquet";
}
