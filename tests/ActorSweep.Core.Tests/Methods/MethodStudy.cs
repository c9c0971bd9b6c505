using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tests.Methods;

/// <summary>A small study on synthetic data for a method's plan tests: two seeds of lenet-16-8, the methods and grid given.</summary>
internal static class MethodStudy
{
    private static readonly StudyCatalog Catalog = new(new[] { "mnist", "synthetic" }, m => m.StartsWith("lenet", StringComparison.Ordinal), "lenet");

    /// <summary>The study of <paramref name="methods"/> (HOCON method blocks) over <paramref name="grid"/>.</summary>
    public static StudySpec Load(string methods, string grid = "") => new StudyLoader(Catalog).LoadText($$"""
        name = p
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2]
        training.iterations = 100
        methods = [ {{methods}} ]
        {{grid}}
        """, "p.hocon");

    /// <summary>
    /// A study for the methods that combine networks (two seeds): <paramref name="training"/> is a top-level line,
    /// 300 iterations by default.
    /// </summary>
    public static StudySpec Combining(string methods, string training = "training.iterations = 300") => new StudyLoader(Catalog).LoadText($$"""
        name = c
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2]
        {{training}}
        methods = [ {{methods}} ]
        """, "c.hocon");

    /// <summary>A one-seed study for the methods that live inside one lineage: <paramref name="training"/> is the training block's content.</summary>
    public static StudySpec Lineage(string methods, string training = "iterations = 1000") => new StudyLoader(Catalog).LoadText($$"""
        name = p
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training { {{training}} }
        methods = [ {{methods}} ]
        """, "p.hocon");

    /// <summary>The validation error of loading <paramref name="methods"/>.</summary>
    public static string Refusal(string methods, string grid = "") => Assert.Throws<StudyValidationException>(() => Load(methods, grid))!.Message;
}
