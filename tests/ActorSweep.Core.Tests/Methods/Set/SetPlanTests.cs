using ActorSweep.Core.Methods.Set;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tests.Methods.Set;

/// <summary>SET's variants.</summary>
public class SetPlanTests
{
    [Test]
    public void SetVariant_RefusesTheOtherVariantsKeys_AndKeepsOldSetIdsUnchanged()
    {
        var e = Assert.Throws<StudyValidationException>(() => MethodStudy.Lineage("{ name = set, sparsity = 0.9, variant = sparse-learning, update-every = 50 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("method.update-every does not apply to SET's sparse-learning variant"));
        e = Assert.Throws<StudyValidationException>(() => MethodStudy.Lineage("{ name = set, sparsity = 0.9, prune-rate = 0.3 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("method.prune-rate does not apply to SET's rigl variant"));
        var plain = MethodStudy.Lineage("{ name = set, sparsity = 0.9 }").ExpandTrials().Single();
        Assert.That(plain.Hparams.Contains(SetKeys.Variant), Is.False, "the default variant is omitted, so SET's task ids stay as they were");
        Assert.That(new SetMethod().Bind(plain.Hparams).Variant, Is.EqualTo(SetOptions.Rigl));
    }
}
