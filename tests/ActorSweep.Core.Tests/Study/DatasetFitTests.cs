using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tests.Study;

/// <summary>
/// What a study asks of its dataset is checked by <c>validate</c> from the dataset's facts, before anything
/// runs: each problem names the file, the line, the key and the limit.
/// </summary>
public class DatasetFitTests
{
    private static readonly StudyCatalog Catalog = new(new[] { "mnist" }, m => m.StartsWith("lenet-", StringComparison.Ordinal) || m.StartsWith("vgg-", StringComparison.Ordinal), "lenet, vgg")
    {
        Facts = d => d == "mnist" ? new DatasetFacts(1, 28, 28, 10, 60_000) : null,
        CheckModelInput = (m, f) => m.StartsWith("vgg-", StringComparison.Ordinal) && f.Height < 32 ? $"model {m} cannot take {f.Shape} images: too small for five poolings" : null,
    };

    private static StudyValidationException Fails(string training, string model = "lenet-300-100", string grid = "") =>
        Assert.Throws<StudyValidationException>(() => new StudyLoader(Catalog).LoadText($$"""
            name = f
            dataset = mnist
            model = {{model}}
            seeds = [1]
            training {
              {{training}}
            }
            methods = [ { name = imp, rounds = 1, rewind-iteration = 500 } ]
            {{grid}}
            """, "f.hocon"))!;

    [Test]
    public void ValidationSize_ThatHoldsOutEveryTrainingImage_IsRefusedWithTheLimit()
    {
        var e = Fails("validation-size = 60001");
        Assert.That(e.Message, Does.Contain("f.hocon:6: training.validation-size: 60001 would hold out every training image of mnist; expected at most 59,999 (it has 60,000)"));
    }

    [Test]
    public void BatchSize_AboveTheTrainingImagesLeft_IsRefusedWithTheLimit()
    {
        var e = Fails("validation-size = 59000\n  batch-size = 2000");
        Assert.That(e.Message, Does.Contain("training.batch-size: 2000 is more than the 1,000 training images mnist has after holding out 59,000 for validation; expected at most 1,000"));
    }

    [Test]
    public void AModelThatCannotTakeTheImages_IsRefusedAtTheModelKey()
    {
        var e = Fails("iterations = 1000", model: "vgg-16");
        Assert.That(e.Message, Does.Contain("f.hocon:3: model: model vgg-16 cannot take 1×28×28 images").And.Contain("(mnist is 1×28×28)"));
    }

    [Test]
    public void ARewindPointBeyondTheIterationsOfAGridPoint_IsRefused()
    {
        var e = Fails("eval-every = 100", grid: "grid { training.iterations = [400, 5000] }");
        Assert.That(e.Message, Does.Contain("methods[0]: method.rewind-iteration (500) must be below training.iterations (400)"));
    }
}
