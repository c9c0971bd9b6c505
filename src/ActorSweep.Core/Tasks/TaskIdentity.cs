using System.Security.Cryptography;
using System.Text;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// Ids as stable hashes (open_lth's rule): a trial's id hashes its canonical hyperparameters; a task's
/// id adds its place in the task graph (its ordered parent ids, round, branch). Same inputs, same id, on any machine
/// and in any culture — so a resumed study recognises its finished work. The format is frozen:
/// pinned ids in the tests must never change.
/// </summary>
public static class TaskIdentity
{
    private const int HexLength = 16;

    /// <summary>The trial id of canonical hyperparameters (which include seed and method).</summary>
    public static string TrialId(Hparams trial) => Hash("actorsweep/trial/v1\n" + trial.ToCanonicalString());

    /// <summary>The id of a task of the trial with at most one parent (the v1 form, which every id keeps).</summary>
    public static string TaskId(Hparams trial, string? parentTaskId, int round, string branch) =>
        TaskId(trial, parentTaskId is null ? Array.Empty<string>() : new[] { parentTaskId }, round, branch);

    /// <summary>
    /// The id of a task of the trial with the given ordered parents. The parents are written comma-separated
    /// where the v1 form wrote its single parent, so a task with one parent (or none) keeps its v1 id.
    /// </summary>
    public static string TaskId(Hparams trial, IReadOnlyList<string> parentTaskIds, int round, string branch) =>
        Hash("actorsweep/task/v1\n" + trial.ToCanonicalString() +
             "parent=" + string.Join(",", parentTaskIds) + "\nround=" + round.ToString(System.Globalization.CultureInfo.InvariantCulture) +
             "\nbranch=" + branch + "\n");

    /// <summary>
    /// What decides a task's result, as a key (the task store's): the trial's canonical hyperparameters without the keys
    /// that only shape the graph (<see cref="Study.HparamDefinition.ShapesGraphOnly"/>), the result keys of every task it
    /// reads (its parents, then its trial's root), its round and its branch. Two tasks with equal result keys compute the
    /// same numbers, even where their ids differ because one study has more rounds or controls than the other.
    /// </summary>
    public static string ResultKey(Hparams trial, IEnumerable<string> graphOnlyKeys, IReadOnlyList<string> inputResultKeys, int round, string branch) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("actorsweep/result/v1\n" +
            graphOnlyKeys.Aggregate(trial, (h, key) => h.Without(key)).ToCanonicalString() +
            "inputs=" + string.Join(",", inputResultKeys) + "\nround=" + round.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            "\nbranch=" + branch + "\n")));

    private static string Hash(string text)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(digest)[..HexLength];
    }
}
