using ActorSweep.Core.Coordination;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Coordination;
using ActorSweep.Core.Tests.Methods;

namespace ActorSweep.Core.Tests.Tasks;

/// <summary>
/// The task graph is a DAG across trials: a plan may build on tasks of other trials (another model, another
/// grid point), and such edges are validated like any key of the study file.
/// </summary>
public class TaskGraphDagTests
{
    private static readonly MethodRegistry Methods = MethodRegistry.Default.With(new CombineMethod());

    private static readonly StudyCatalog Catalog = new(new[] { "synthetic" }, m => m.StartsWith("lenet-", StringComparison.Ordinal), "lenet-H1-H2")
    {
        ModelMapping = (from, to, _) => from == "lenet-9-9" ? $"no mapping from {from} to {to}" : null,
    };

    private static StudySpec Load(string methods, string grid = "grid { model = [lenet-16-8, lenet-8-8] }", StudyCatalog? catalog = null) =>
        new StudyLoader(catalog ?? Catalog, Methods).LoadText($$"""
            name = dag
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2]
            training.iterations = 10
            methods = [
              {{methods}}
            ]
            {{grid}}
            """, "dag.hocon");

    private static TaskGraph Combined() => TaskGraph.Build(Load("{ name = dense }\n  { name = combine, source-models = [lenet-16-8, lenet-8-8] }"));

    [Test]
    public void CrossTrialTask_HasEveryParentInOrder_AndItsIdHashesThem()
    {
        var g = Combined();
        var dense = g.Tasks.Where(t => t.Method == "dense").ToList();
        foreach (var combine in g.Tasks.Where(t => t.Method == "combine"))
        {
            var expected = new[] { "lenet-16-8", "lenet-8-8" }.Select(m => dense.Single(d => d.Model == m && d.Seed == combine.Seed).TaskId).ToArray();
            Assert.That(combine.ParentTaskIds, Is.EqualTo(expected));
            var trial = g.Trials.Single(t => t.TrialId == combine.TrialId);
            Assert.That(combine.TaskId, Is.EqualTo(TaskIdentity.TaskId(trial.Hparams, expected, 0, Branches.Main)));
            Assert.That(combine.TaskId, Is.Not.EqualTo(TaskIdentity.TaskId(trial.Hparams, expected.Reverse().ToArray(), 0, Branches.Main)), "parent order is part of the id");
        }
        Assert.That(g.Tasks.Count(t => t.Method == "combine"), Is.EqualTo(2 * 2), "two models × two seeds");
    }

    [Test]
    public void Tasks_AreInTopologicalOrder_AndTheCriticalPathCountsTheLongestChain()
    {
        var g = Combined();
        var position = g.Tasks.Select((t, i) => (t.TaskId, i)).ToDictionary(p => p.TaskId, p => p.i);
        foreach (var t in g.Tasks)
            foreach (var p in t.ParentTaskIds)
                Assert.That(position[p], Is.LessThan(position[t.TaskId]), $"{p} before {t.TaskId}");
        var dense = g.Tasks.First(t => t.Method == "dense");
        var unit = TaskWork.Estimate(TrainingHparams.From(dense.Hparams), TaskWork.UnknownModelCost);
        Assert.That(g.CriticalPath[dense.TaskId], Is.EqualTo(2 * unit), "its own work + the combine task's after it");
    }

    [Test]
    public void CrossTrialTask_IsReadyOnlyWhenEveryParentCompleted()
    {
        var g = Combined();
        var combine = g.Tasks.First(t => t.Method == "combine");
        var s = CoordinatorState.For(g);
        var leased = new List<TaskLeased>();
        for (var i = 0; ; i++)
        {
            (s, var l) = Coordination.Coordination.Lease(s, $"w{i}");
            if (l is null) break;
            leased.Add(l);
        }
        Assert.That(leased.Select(l => l.TaskId), Is.EquivalentTo(g.Tasks.Where(t => t.Method == "dense").Select(t => t.TaskId)), "only the roots");
        s = Coordination.Coordination.Complete(s, leased.Single(l => l.TaskId == combine.ParentTaskIds[0]));
        Assert.That(s.Ready.Values, Does.Not.Contain(combine.TaskId), "one parent of two is not enough");
        s = Coordination.Coordination.Complete(s, leased.Single(l => l.TaskId == combine.ParentTaskIds[1]));
        Assert.That(s.Ready.Values, Does.Contain(combine.TaskId));
    }

    [Test]
    public void CrossTrialTask_IsSkippedNamingTheParentThatFailed()
    {
        var g = Combined();
        var combine = g.Tasks.First(t => t.Method == "combine");
        var second = combine.ParentTaskIds[1];
        var s = CoordinatorState.For(g, maxAttempts: 1);
        TaskLeased? l;
        var slot = 0;
        do (s, l) = Coordination.Coordination.Lease(s, $"w{slot++}"); while (l!.TaskId != second);
        s = Coordination.Coordination.Run(s, Coordination.Coordination.Fail(s, second, 1, "boom", false));
        Assert.That(s.Tasks[combine.TaskId].Phase, Is.EqualTo(TaskPhase.Skipped));
        Assert.That(s.Tasks[combine.TaskId].Error, Is.EqualTo($"not run: parent task {second} failed"));
    }

    [Test]
    public void DanglingReference_IsAValidationErrorNamingTheFileAndKey()
    {
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = dense }\n  { name = combine, source-models = [lenet-32-32] }"))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.StartsWith("dag.hocon:8: methods[1].source-models: trial combine lenet-16-8 seed 1 (")
            .And.Some.Contains("no trial of the study matches the dense trial of lenet-32-32, seed 1"));
    }

    [Test]
    public void Cycle_IsAValidationErrorThatShowsTheChain()
    {
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = combine, source-method = combine, source-models = [lenet-8-8] }"))!;
        // Every combine trial builds on the combine trial of lenet-8-8, which builds on itself.
        Assert.That(e.Message, Does.Contain("dag.hocon:7: methods[0].source-models: trial combine lenet-8-8 seed 1")
            .And.Contain("cycle: combine lenet-8-8 seed 1").And.Contain("a task graph cannot depend on itself"));
    }

    [Test]
    public void AmbiguousReference_IsAValidationError()
    {
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = dense }\n  { name = combine, source-models = [lenet-8-8] }",
            "grid { training.lr = [0.001, 0.002] }\nmodel = lenet-8-8"))!;
        Assert.That(e.Message, Does.Contain("2 trials match the dense trial of lenet-8-8, seed 1").And.Contain("it must name exactly one"));
    }

    [Test]
    public void ModelsTheBuildCannotMap_AreAValidationError()
    {
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = dense }\n  { name = combine, source-models = [lenet-9-9] }",
            "grid { model = [lenet-16-8, lenet-9-9] }"))!;
        Assert.That(e.Message, Does.Contain("methods[1].source-models").And.Contain("no mapping from lenet-9-9 to lenet-16-8"));
    }

    [Test]
    public void ModelMapping_ByDefault_AcceptsOnlyTheSameModel()
    {
        Assert.That(StudyCatalog.Any.CheckModelMapping("lenet-16-8", "lenet-16-8"), Is.Null);
        Assert.That(StudyCatalog.Any.CheckModelMapping("lenet-16-8", "lenet-8-8"), Does.Contain("not lenet-16-8 onto lenet-8-8"));
    }
}
