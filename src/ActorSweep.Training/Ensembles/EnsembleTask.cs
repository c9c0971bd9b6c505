using ActorSweep.Core.Tasks;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Ensembles;

/// <summary>
/// The ensemble task of FreeTickets' methods: loads each member (a task's artifact), averages the members' softmax
/// outputs on the validation, test and training splits, and reports the ensemble's accuracies as the task's row and
/// the comparison with its members (<see cref="CombinationResult"/>). Nothing is trained. The task's <c>final.pt</c>
/// is the first member (the row's FLOPs are one member's: the ensemble costs M times that).
/// </summary>
public static class EnsembleTask
{
    /// <summary>The kind written to the <c>combinations</c> dataset.</summary>
    public const string Kind = "ensemble";

    /// <summary>Evaluates the ensemble of <paramref name="members"/>, whose masks have <paramref name="mask"/>'s density.</summary>
    public static TrainedTask Evaluate(TaskContext context, IReadOnlyList<(string TaskId, string Artifact)> members, Mask mask)
    {
        var data = context.Data;
        var outputs = new List<MemberOutputs>();
        var trainLogits = new List<Tensor>();
        SparseNet? first = null;
        try
        {
            foreach (var (task, artifact) in members)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var model = context.NewModel();
                context.Artifacts.LoadWeights(task, artifact, model);
                outputs.Add(MemberOutputs.Of(model, data.ValX, data.TestX));
                trainLogits.Add(MemberOutputs.Logits(model, data.TrainX));
                if (first is null) first = model;
                else model.Dispose();
            }
            var test = outputs.Select(o => o.Test).ToList();
            var validation = outputs.Select(o => o.Validation).ToList();
            double testAccuracy, testNll, valAccuracy, valNll, trainAccuracy;
            using (var p = Combining.AveragedProbabilities(test)) (testAccuracy, testNll) = (Combining.Accuracy(p, data.TestY), Combining.Nll(p, data.TestY));
            using (var p = Combining.AveragedProbabilities(trainLogits)) trainAccuracy = Combining.Accuracy(p, data.TrainY);
            if (data.ValX.shape[0] > 0)
                using (var p = Combining.AveragedProbabilities(validation)) (valAccuracy, valNll) = (Combining.Accuracy(p, data.ValY), Combining.Nll(p, data.ValY));
            else (valAccuracy, valNll) = (double.NaN, double.NaN);

            var combination = Compare(Kind, test, validation, data.TestY, data.ValY, testAccuracy, testNll, members.Count);
            var end = context.Training.Iterations;
            var outcome = new TrainOutcome(0, new[] { new CurvePoint(end, double.NaN, valNll, valAccuracy, testAccuracy) }, end, testAccuracy, testAccuracy, trainAccuracy);
            context.Artifacts.SaveMask(context.Task.TaskId, mask);
            var result = new TrainedTask(first!, mask, outcome) { Combination = combination };
            first = null;
            return result;
        }
        finally
        {
            first?.Dispose();
            foreach (var o in outputs) o.Dispose();
            foreach (var t in trainLogits) t.Dispose();
        }
    }

    /// <summary>
    /// A combination's row: its own test accuracy and NLL, the members' mean test accuracy and NLL, the test accuracy of
    /// the member with the best validation accuracy (the first member when there is no validation split), and the
    /// members' disagreement and KL divergence on the test split.
    /// </summary>
    public static CombinationResult Compare(string kind, IReadOnlyList<Tensor> memberTest, IReadOnlyList<Tensor> memberValidation, Tensor testY, Tensor valY,
        double testAccuracy, double testNll, int membersUsed)
    {
        var memberAccuracy = memberTest.Select(l => Combining.Accuracy(l, testY)).ToList();
        var memberNll = memberTest.Select(l => Combining.NllOfLogits(l, testY)).ToList();
        var best = 0;
        if (valY.shape[0] > 0)
        {
            var val = memberValidation.Select(l => Combining.Accuracy(l, valY)).ToList();
            for (var i = 1; i < val.Count; i++) if (val[i] > val[best]) best = i;
        }
        return new CombinationResult(kind, memberTest.Count, membersUsed, testAccuracy, testNll, memberAccuracy.Average(), memberAccuracy[best],
            memberNll.Average(), Combining.Disagreement(memberTest), Combining.KlDivergence(memberTest));
    }
}
