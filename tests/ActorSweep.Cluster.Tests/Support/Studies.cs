using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>Small studies for tests.</summary>
public static class Studies
{
    public static readonly StudyCatalog Catalog = new(new[] { "synthetic" }, m => m.StartsWith("lenet-", StringComparison.Ordinal), "lenet-H1-H2");

    /// <summary>seeds × (imp with <paramref name="rounds"/> rounds and a random-reinit control + dense).</summary>
    public static TaskGraph Imp(int seeds = 2, int rounds = 2, int iterations = 10, string name = "t") =>
        TaskGraph.Build(new StudyLoader(Catalog).LoadText($$"""
            name = {{name}}
            dataset = synthetic
            model = lenet-16-8
            seeds = [{{string.Join(", ", Enumerable.Range(1, seeds))}}]
            training { iterations = {{iterations}}, eval-every = 5, batch-size = 32, validation-size = 200 }
            methods = [ { name = imp, rounds = {{rounds}}, controls = [random-reinit] }, { name = dense } ]
            """, $"{name}.hocon"));
}
