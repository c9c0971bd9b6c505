using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Study;

public class StudyLoaderTests
{
    internal static readonly StudyCatalog Catalog = new(new[] { "mnist", "synthetic" }, m => m.StartsWith("lenet-", StringComparison.Ordinal), "lenet-300-100, lenet-H1-H2…");

    internal const string Valid = """
        name = quick
        dataset = mnist
        model = lenet-300-100
        seeds = [1, 2]
        training { lr = 1.2e-3, batch-size = 60, iterations = 3000, eval-every = 250 }
        methods = [
          { name = imp, rounds = 3, controls = [random-reinit] }
          { name = dense }
        ]
        grid { training.lr = [1e-3, 2e-3] }
        """;

    private static StudyValidationException Fails(string text) =>
        Assert.Throws<StudyValidationException>(() => new StudyLoader(Catalog).LoadText(text, "bad.hocon"))!;

    [Test]
    public void Load_ValidStudy_ReadsEveryPart()
    {
        var s = new StudyLoader(Catalog).LoadText(Valid, "quick.hocon");
        Assert.That(s.Name, Is.EqualTo("quick"));
        Assert.That(s.Seeds, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(s.Methods.Select(m => m.Name), Is.EqualTo(new[] { "imp", "dense" }));
        Assert.That(s.Base.GetInt(HparamKeys.Iterations, 0), Is.EqualTo(3000));
        Assert.That(s.Grid.Single().Key, Is.EqualTo(HparamKeys.LearningRate));
    }

    [Test]
    public void Load_DefaultValues_AreNotStored()
    {
        var s = new StudyLoader(Catalog).LoadText(Valid, "quick.hocon");
        Assert.That(s.Base.Contains(HparamKeys.BatchSize), Is.False, "batch-size 60 is the default");
        Assert.That(s.Base.Contains(HparamKeys.LearningRate), Is.False, "lr 1.2e-3 is the default");
    }

    [Test]
    public void Load_UnknownTrainingKey_NamesFileLineKeyAndTheKnownKeys()
    {
        var e = Fails(Valid.Replace("eval-every = 250", "eval-evry = 250"));
        Assert.That(e.Errors, Has.Count.EqualTo(1));
        Assert.That(e.Errors[0].File, Is.EqualTo("bad.hocon"));
        Assert.That(e.Errors[0].Line, Is.EqualTo(5));
        Assert.That(e.Errors[0].KeyPath, Is.EqualTo("training.eval-evry"));
        Assert.That(e.Errors[0].Message, Does.Contain("eval-every"));
    }

    [Test]
    public void Load_WrongType_SaysWhatWasExpectedAndWhatWasFound()
    {
        var e = Fails(Valid.Replace("batch-size = 60", "batch-size = sixty"));
        Assert.That(e.Message, Does.Contain("bad.hocon:5: training.batch-size: expected a whole number, got 'sixty'"));
    }

    [Test]
    public void Load_OutOfRange_SaysTheConstraint()
    {
        var e = Fails(Valid.Replace("lr = 1.2e-3", "lr = -1"));
        Assert.That(e.Message, Does.Contain("training.lr: must be > 0"));
    }

    [Test]
    public void Load_UnknownMethod_ListsTheKnownMethods()
    {
        var e = Fails(Valid.Replace("name = dense", "name = gmp"));
        Assert.That(e.Message, Does.Contain("methods[1].name: unknown or not implemented method \"gmp\"; known methods: " + string.Join(", ", ActorSweep.Core.Methods.MethodRegistry.Default.Names)));
        Assert.That(ActorSweep.Core.Methods.MethodRegistry.Default.Names, Is.SupersetOf(new[] { "colt", "dense", "dst-ensemble", "early-bird", "edst", "elastic", "grasp", "imp", "lmc", "oneshot", "random", "rigl", "set", "snfs", "snip", "soup", "sup-tickets", "synflow" }).And.Ordered);
    }

    [Test]
    public void Load_UnknownDatasetAndModel_AreBothReported()
    {
        var e = Fails(Valid.Replace("dataset = mnist", "dataset = cifar99").Replace("model = lenet-300-100", "model = resnet-1000"));
        Assert.That(e.Errors.Select(x => x.KeyPath), Is.EquivalentTo(new[] { "dataset", "model" }));
        Assert.That(e.Message, Does.Contain("known datasets: mnist, synthetic"));
    }

    [Test]
    public void Load_MissingSeeds_IsAnError()
    {
        var e = Fails(Valid.Replace("seeds = [1, 2]", ""));
        Assert.That(e.Errors.Single().KeyPath, Is.EqualTo("seeds"));
    }

    [Test]
    public void Load_RewindBeyondTraining_IsAnError()
    {
        var e = Fails(Valid.Replace("rounds = 3", "rounds = 3, rewind-iteration = 5000"));
        Assert.That(e.Message, Does.Contain("method.rewind-iteration (5000) must be below training.iterations (3000)"));
    }

    [Test]
    public void Load_UnknownControl_ListsTheKnownControls()
    {
        var e = Fails(Valid.Replace("controls = [random-reinit]", "controls = [shuffle]"));
        Assert.That(e.Message, Does.Contain("'shuffle' is not one of random-reinit, random-mask"));
    }

    [Test]
    public void Load_GridOverUnknownKey_IsAnError()
    {
        var e = Fails(Valid.Replace("grid { training.lr = [1e-3, 2e-3] }", "grid { training.learning-rate = [1, 2] }"));
        Assert.That(e.Errors.Single().KeyPath, Is.EqualTo("grid.training.learning-rate"));
    }

    [Test]
    public void Load_OneShotWithoutSparsity_SaysTheOptionIsMissing()
    {
        var e = Fails(Valid.Replace("name = dense", "name = oneshot"));
        Assert.That(e.Message, Does.Contain("methods[1].sparsity: missing"));
    }

    [Test]
    public void Load_SyntaxError_IsReportedAsAStudyError()
    {
        var e = Fails("name = x\nseeds = [1\n");
        Assert.That(e.Errors.Single().KeyPath, Is.EqualTo("(syntax)"));
    }

    [Test]
    public void Load_MissingFile_IsAStudyErrorNamingTheFile()
    {
        var e = Assert.Throws<StudyValidationException>(() => new StudyLoader(Catalog).LoadFile("/nonexistent/x.hocon"))!;
        Assert.That(e.Message, Does.Contain("/nonexistent/x.hocon"));
    }
}
