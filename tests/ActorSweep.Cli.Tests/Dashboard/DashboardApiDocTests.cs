using System.Text.Json;
using ActorSweep.Cli.Dashboard;

namespace ActorSweep.Cli.Tests.Dashboard;

/// <summary>docs/dashboard-api.md names every field the API answers with, as the server names it.</summary>
public class DashboardApiDocTests
{
    [Test]
    public void EveryFieldOfEveryAnswer_IsDocumented()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ActorSweep.sln"))) dir = Path.GetDirectoryName(dir)!;
        var doc = File.ReadAllText(Path.Combine(dir, "docs", "dashboard-api.md"));
        var views = new[]
        {
            typeof(StudyEntry), typeof(StatusView), typeof(PhaseCounts), typeof(NodeView), typeof(SlotView), typeof(TaskView), typeof(ProblemView),
            typeof(ResultsView), typeof(PlotTable), typeof(PlotSeries), typeof(PlotPoint), typeof(StatView), typeof(TrialView), typeof(CurvesView), typeof(CurveSeries), typeof(ErrorView),
        };
        var names = views.SelectMany(v => v.GetProperties().Select(p => (View: v.Name, Name: JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)))).ToList();
        Assert.That(names, Has.Count.GreaterThan(60));
        Assert.That(names.Where(n => !doc.Contains($"`{n.Name}`", StringComparison.Ordinal)).Select(n => $"{n.View}.{n.Name}"), Is.Empty);
        Assert.That(JsonSerializer.Serialize(new PhaseCounts(1, 2, 3, 4, 5, 6), DashboardServer.Json), Does.Contain("\"committing\":3"));
    }
}
