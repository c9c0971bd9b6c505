using System.Security.Cryptography;
using System.Text;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// Ids as stable hashes (open_lth's rule): a trial's id hashes its canonical hyperparameters; a task's
/// id adds its place in the lineage (parent id, round, branch). Same inputs, same id, on any machine
/// and in any culture — so a resumed study recognises its finished work. The format is frozen:
/// pinned ids in the tests must never change.
/// </summary>
public static class TaskIdentity
{
    private const int HexLength = 16;

    /// <summary>The trial id of canonical hyperparameters (which include seed and method).</summary>
    public static string TrialId(Hparams trial) => Hash("actorsweep/trial/v1\n" + trial.ToCanonicalString());

    /// <summary>The id of a task of the trial at the given place in its lineage.</summary>
    public static string TaskId(Hparams trial, string? parentTaskId, int round, string branch) =>
        Hash("actorsweep/task/v1\n" + trial.ToCanonicalString() +
             "parent=" + (parentTaskId ?? "") + "\nround=" + round.ToString(System.Globalization.CultureInfo.InvariantCulture) +
             "\nbranch=" + branch + "\n");

    private static string Hash(string text)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(digest)[..HexLength];
    }
}
