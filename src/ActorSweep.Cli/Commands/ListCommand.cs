using ActorSweep.Cli.Console;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Robustness;
using ActorSweep.Core.Study;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;

namespace ActorSweep.Cli.Commands;

/// <summary><c>actorsweep list</c>: what a study may name.</summary>
public static class ListCommand
{
    /// <summary>The command.</summary>
    public static System.CommandLine.Command Create(TextWriter output)
    {
        var command = new System.CommandLine.Command("list", "known methods (with their options), models and datasets");
        command.SetAction(_ => Run(output));
        return command;
    }

    /// <summary>Prints methods, models and datasets.</summary>
    public static int Run(TextWriter output)
    {
        output.WriteLine("methods:");
        foreach (var name in MethodRegistry.Default.Names)
        {
            var m = MethodRegistry.Default.Get(name);
            output.WriteLine($"  {name,-10} {m.Summary}");
            if (m.Options.Count > 0) output.WriteLine($"  {"",-10} options: {string.Join(", ", m.Options.Select(o => o.ShortKey))}");
            if (m.Retraining is { } retraining) output.WriteLine($"  {"",-10} retraining {{ }}: {retraining}");
            if (m.Measurements.Count > 0) output.WriteLine($"  {"",-10} measures (trials.metrics): {string.Join(", ", m.Measurements.Select(x => x.Name))}");
        }
        output.WriteLine($"training: {string.Join(", ", TrainingSchema.Definitions.Select(d => d.ShortKey))}");
        output.WriteLine($"          robustness.corruptions: {string.Join(", ", Corruptions.Accepted)} (MNIST-C; single-channel datasets)");
        output.WriteLine($"          robustness.attacks: {string.Join(", ", RobustnessEvaluation.AttackNames)}; adversarial.kind: {string.Join(", ", AdversarialTraining.Kinds)} (PGD costs steps + 1 passes per iteration)");
        output.WriteLine($"          augmentation.kind: {string.Join(", ", TrainingAugmentation.Kinds)} (Gaussian noise of σ ~ U[0, sigma]; AugMix without its JSD loss)");
        output.WriteLine($"models:   {string.Join(", ", ModelRegistry.Names)}");
        output.WriteLine($"datasets: {string.Join(", ", DatasetRegistry.Names)}");
        return ExitCodes.Ok;
    }
}
