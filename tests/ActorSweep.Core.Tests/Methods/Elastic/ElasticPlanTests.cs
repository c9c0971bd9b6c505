using ActorSweep.Core.Morphisms;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Methods.Elastic;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Elastic;

/// <summary>
/// Elastic LTH plans one task per source round of another trial's IMP lineage, with that round and the
/// source's dense round as parents; baselines branch off; the study language lets each method block name its models.
/// </summary>
public class ElasticPlanTests
{
    // A catalog that maps like the build's depth morphism for equal-width MLPs: block counts decide (test-local rule).
    private static readonly StudyCatalog Catalog = new(new[] { "synthetic" }, m => m.StartsWith("lenet-", StringComparison.Ordinal), "lenet-H1-H2")
    {
        ModelMapping = (from, to, mapping) =>
        {
            var (n, m) = (from.Split('-').Length - 1, to.Split('-').Length - 1);
            var (parsed, error) = mapping is null ? BlockMapping.Default(n, m) : BlockMapping.Parse(mapping);
            return parsed is null ? error : parsed.CheckFor(n, m);
        },
    };

    private static StudySpec Load(string elastic, string imp = "{ name = imp, model = lenet-8-8, rounds = 3, strategy = global }") =>
        new StudyLoader(Catalog, MethodRegistry.Default).LoadText($$"""
            name = elastic
            dataset = synthetic
            seeds = [1, 2]
            training.iterations = 40
            methods = [
              {{imp}}
              {{elastic}}
            ]
            """, "elastic.hocon");

    private static StudyValidationException Refused(string elastic, string? imp = null) =>
        Assert.Throws<StudyValidationException>(() => TaskGraph.Build(imp is null ? Load(elastic) : Load(elastic, imp)))!;

    [Test]
    public void EveryPrunedSourceRound_GetsOneTicketTask_WithTheSourceRoundAndTheSourceRootAsParents()
    {
        var g = TaskGraph.Build(Load("{ name = elastic, models = [lenet-8-8-8, lenet-8], source-model = lenet-8-8 }"));
        var imp = g.Tasks.Where(t => t.Method == "imp").ToList();
        var elastic = g.Tasks.Where(t => t.Method == "elastic").ToList();
        Assert.That(elastic, Has.Count.EqualTo(2 * 2 * 3), "2 target models × 2 seeds × 3 source rounds");
        foreach (var task in elastic)
        {
            var source = imp.Single(t => t.Seed == task.Seed && t.Round == task.Round && t.Branch == Branches.Main);
            var root = imp.Single(t => t.Seed == task.Seed && t.Round == 0);
            Assert.That(task.ParentTaskIds, Is.EqualTo(new[] { source.TaskId, root.TaskId }));
            Assert.That(task.Branch, Is.EqualTo(ElasticBranches.Ticket));
        }
        Assert.That(elastic.Select(t => t.Model).Distinct(), Is.EquivalentTo(new[] { "lenet-8-8-8", "lenet-8" }), "each block's own models");
        Assert.That(imp.Select(t => t.Model).Distinct(), Is.EqualTo(new[] { "lenet-8-8" }));
    }

    [Test]
    public void Baselines_BranchOffEachTicket_RandomCopiesFromTheSource()
    {
        var g = TaskGraph.Build(Load("{ name = elastic, model = lenet-8-8-8, source-model = lenet-8-8, source-rounds = [2], baselines = [random-copies, snip, synflow] }"));
        foreach (var seed in new[] { 1, 2 })
        {
            var tasks = g.Tasks.Where(t => t.Method == "elastic" && t.Seed == seed).ToList();
            Assert.That(tasks.Select(t => t.Branch), Is.EqualTo(new[] { ElasticBranches.Ticket, ElasticBranches.RandomCopies, ElasticBranches.Snip, ElasticBranches.SynFlow }));
            Assert.That(tasks.Select(t => t.Round).Distinct(), Is.EqualTo(new[] { 2 }));
            var ticket = tasks[0];
            Assert.That(tasks[1].ParentTaskIds, Is.EqualTo(ticket.ParentTaskIds), "random copies map the same source");
            Assert.That(tasks[2].ParentTaskIds, Is.EqualTo(new[] { ticket.TaskId }), "pruning at init reads the ticket's density");
            Assert.That(tasks[3].ParentTaskIds, Is.EqualTo(new[] { ticket.TaskId }));
        }
    }

    [Test]
    public void ARewindPointThatDiffersFromTheSources_IsRefusedAtTheElasticBlock()
    {
        var e = Refused("{ name = elastic, model = lenet-8-8-8, source-model = lenet-8-8 }",
            "{ name = imp, model = lenet-8-8, rounds = 2, rewind-iteration = 10 }");
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains("elastic.hocon:").And.Contains("methods[1].rewind-iteration").And.Contains("rewinds to iteration 10"));
    }

    [Test]
    public void AMissingSourceTrial_ARoundItLacks_AndABadMapping_AreRefusedWithTheirKeys()
    {
        Assert.That(Refused("{ name = elastic, model = lenet-8-8-8, source-model = lenet-4-4 }").Errors.Select(x => x.ToString()),
            Has.Some.Contains("methods[1].source-model").And.Contains("no trial of the study matches the imp trial of lenet-4-4"));
        Assert.That(Refused("{ name = elastic, model = lenet-8-8-8, source-model = lenet-8-8, source-rounds = [4] }").Errors.Select(x => x.ToString()),
            Has.Some.Contains("methods[1].source-rounds").And.Contains("round 4 is not a round of the source trial; its pruned rounds are 1–3"));
        Assert.That(Refused("{ name = elastic, model = lenet-8-8-8, source-model = lenet-8-8, block-mapping = \"0:0;1:1\" }").Errors.Select(x => x.ToString()),
            Has.Some.Contains("methods[1].block-mapping").And.Contains("target block(s) 2 of each stage would not be written"));
        Assert.That(Assert.Throws<StudyValidationException>(() => Load("{ name = elastic, model = lenet-8-8-8, source-model = lenet-8-8, block-mapping = \"0:0;1-1\" }"))!
            .Errors.Select(x => x.ToString()), Has.Some.Contains("elastic.hocon:7: methods[1].block-mapping").And.Contains("\"1-1\" is not source:targets"));
        Assert.That(Refused("{ name = elastic, model = lenet-8-8-8-8-8-8, source-model = lenet-8-8-8 }", "{ name = imp, model = lenet-8-8-8, rounds = 1 }")
            .Errors.Select(x => x.ToString()), Has.Some.Contains("no default stretch from 3 to 6 blocks per stage"));
    }

    [Test]
    public void MethodBlockModels_ReplaceTheStudysModel_AndAreChecked()
    {
        var spec = Load("{ name = elastic, models = [lenet-8-8-8], source-model = lenet-8-8 }");
        Assert.That(spec.ExpandTrials().Select(t => (t.Method, t.Model)).Distinct(), Is.EqualTo(new[] { ("imp", "lenet-8-8"), ("elastic", "lenet-8-8-8") }));
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = elastic, models = [vgg-11], source-model = lenet-8-8 }"))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains("methods[1].models[0]").And.Contains("unknown model \"vgg-11\""));
        e = Assert.Throws<StudyValidationException>(() => Load("{ name = elastic, source-model = lenet-8-8 }"))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains("elastic.hocon:1: model: missing"), "a block without models needs the study's model");
    }

    [TestCase(2, 3, "0:0;1:1,2")]
    [TestCase(3, 5, "0:0;1:1,2;2:3,4")]
    [TestCase(2, 4, "0:0;1:1,2,3")]
    [TestCase(3, 2, "0:0;2:1")]
    [TestCase(5, 3, "0:0;2:1;4:2")]
    [TestCase(4, 2, "0:0;3:1")]
    [TestCase(2, 1, "0:0")]
    [TestCase(3, 3, "0:0;1:1;2:2")]
    public void DefaultMappings_StretchByCopyingLaterBlocks_SqueezeByKeepingEveryOther(int source, int target, string expected)
    {
        var (mapping, error) = BlockMapping.Default(source, target);
        Assert.That(error, Is.Null);
        Assert.That(mapping!.ToString(), Is.EqualTo(expected));
        Assert.That(mapping.CheckFor(source, target), Is.Null);
    }

    [TestCase("0:0;1:1,2", 2, 3, null)]
    [TestCase("0:0;1:0", 2, 3, "target block 0 is written twice")]
    [TestCase("0:0,1;1:2", 2, 3, "must map to block 0 and only there")]
    [TestCase("0:0;2:1,2", 2, 3, "source block 2 does not exist")]
    [TestCase("0:0;1:1,3", 2, 3, "target block 3 does not exist")]
    [TestCase("1:1,2", 2, 3, "must map to block 0")]
    public void MappingChecks(string text, int source, int target, string? problem)
    {
        var (mapping, error) = BlockMapping.Parse(text);
        var found = error ?? mapping!.CheckFor(source, target);
        if (problem is null) Assert.That(found, Is.Null);
        else Assert.That(found, Does.Contain(problem));
    }
}
