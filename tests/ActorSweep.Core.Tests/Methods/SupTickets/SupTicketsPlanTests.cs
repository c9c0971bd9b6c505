using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.SupTickets;

/// <summary>Sup-tickets' plan and option checks.</summary>
public class SupTicketsPlanTests
{
    [Test]
    public void SupTickets_IsTheRunAndItsSuperposedTicket_AndRefusesCyclesTooShort()
    {
        var g = TaskGraph.Build(MethodStudy.Lineage("{ name = sup-tickets, sparsity = 0.9 }"));
        var run = g.Tasks.Single(t => t.Branch == Branches.Main);
        var superposed = g.Tasks.Single(t => t.Branch == Core.Methods.SupTickets.SupTicketsBranches.Superposed);
        Assert.That(superposed.ParentTaskIds, Is.EqualTo(new[] { run.TaskId }));
        var o = new Core.Methods.SupTickets.SupTicketsMethod().Bind(run.Hparams);
        Assert.That((o.CycleLength(1000), o.CyclicStart(1000)), Is.EqualTo((33, 901)), "⌊1000 · 0.1⌋ = 100 cyclic steps in 3 cycles of 33");
        var e = Assert.Throws<StudyValidationException>(() => MethodStudy.Lineage("{ name = sup-tickets, sparsity = 0.9, cycles = 60 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("leaves cycles of 1 steps for 60 cycles"));
    }
}
