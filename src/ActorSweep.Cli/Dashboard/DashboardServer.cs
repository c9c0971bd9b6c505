using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace ActorSweep.Cli.Dashboard;

/// <summary>
/// The read-only web dashboard (Kestrel and ASP.NET Core minimal APIs): the page and its assets, served from
/// this assembly (nothing fetched at run time), and the JSON API the page polls (docs/dashboard-api.md). Bad
/// requests get a 4xx with a message, errors a 500 with one line; never a stack trace.
/// </summary>
public sealed partial class DashboardServer : IAsyncDisposable
{
    private static readonly Assembly Assets = typeof(DashboardServer).Assembly;
    private static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8", [".svg"] = "image/svg+xml",
    };
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, StudyFeed> _feeds;
    private int _disposed;

    private DashboardServer(WebApplication app, ConcurrentDictionary<string, StudyFeed> feeds, Uri address)
    {
        _app = app;
        _feeds = feeds;
        Address = address;
    }

    /// <summary>The address the page is served at, e.g. <c>http://127.0.0.1:8050/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The JSON options of every answer: snake_case names, as the Parquet columns are named.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Binds <paramref name="endpoint"/> and starts serving; throws <see cref="DashboardBindException"/> when the address cannot be bound.</summary>
    public static async Task<DashboardServer> StartAsync(DashboardEndpoint endpoint, IEnumerable<StudyFeed> feeds)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ApplicationName = "actorsweep-dashboard" });
        builder.Logging.ClearProviders();
        // The command owns SIGINT/SIGTERM (ProcessSignals): the host must not install its console lifetime.
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        builder.WebHost.UseKestrel(k => k.Listen(endpoint.Host, endpoint.Port));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        var app = builder.Build();
        var all = new ConcurrentDictionary<string, StudyFeed>(feeds.ToDictionary(f => f.Name, StringComparer.Ordinal), StringComparer.Ordinal);
        Map(app, all);
        try { await app.StartAsync().ConfigureAwait(false); }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new DashboardBindException($"cannot listen on {endpoint}: {e.Message}", e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, all, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Serves one more study (the study a coordinator started after the server was bound).</summary>
    public void Add(StudyFeed feed) => _feeds[feed.Name] = feed;

    private static void Map(WebApplication app, ConcurrentDictionary<string, StudyFeed> feeds)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ctx =>
            {
                var error = ctx.Features.Get<IExceptionHandlerFeature>()?.Error;
                ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return ctx.Response.WriteAsJsonAsync(new ErrorView($"the server failed to answer: {error?.GetType().Name}: {FirstLine(error?.Message)}"), Json);
            },
        });
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/assets/{name}", (string name) => Asset(name));
        app.MapGet("/api/studies", () => HttpResults.Json(feeds.Values.OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new StudyEntry(f.Name, f.Layout.Root, f.Graph.Tasks.Count)).ToList(), Json));
        app.MapGet("/api/studies/{study}/status", async (string study, CancellationToken ct) =>
            feeds.TryGetValue(study, out var feed) ? HttpResults.Json(await feed.StatusAsync(ct).ConfigureAwait(false), Json) : UnknownStudy(study, feeds));
        app.MapGet("/api/studies/{study}/results", async (string study) =>
            feeds.TryGetValue(study, out var feed) ? HttpResults.Json(await feed.ResultsAsync().ConfigureAwait(false), Json) : UnknownStudy(study, feeds));
        app.MapGet("/api/studies/{study}/curves", async (string study, HttpRequest request) =>
        {
            if (!feeds.TryGetValue(study, out var feed)) return UnknownStudy(study, feeds);
            var trial = request.Query["trial"];
            if (trial.Count != 1 || !TrialId().IsMatch(trial[0] ?? ""))
                return Problem(StatusCodes.Status400BadRequest, "query 'trial': expected one trial id (letters, digits, '-' and '_'; the trial_id column of trials)");
            return await feed.CurvesAsync(trial[0]!).ConfigureAwait(false) is { } curves ? HttpResults.Json(curves, Json)
                : Problem(StatusCodes.Status404NotFound, $"study '{study}' has no rows of trial '{trial[0]}' yet");
        });
        app.MapFallback((HttpContext ctx) => Problem(StatusCodes.Status404NotFound, $"no such page or API: {ctx.Request.Method} {ctx.Request.Path}"));
    }

    private static IResult Asset(string name)
    {
        var stream = AssetName().IsMatch(name) ? Assets.GetManifestResourceStream("dashboard/" + name) : null;
        if (stream is null) return Problem(StatusCodes.Status404NotFound, $"no asset '{name}'");
        return HttpResults.Stream(stream, ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"));
    }

    private static IResult UnknownStudy(string study, ConcurrentDictionary<string, StudyFeed> feeds) =>
        Problem(StatusCodes.Status404NotFound, $"unknown study '{study}'; this dashboard serves: {string.Join(", ", feeds.Keys.Order(StringComparer.Ordinal))}");

    private static IResult Problem(int status, string message) => HttpResults.Json(new ErrorView(message), Json, statusCode: status);

    private static string FirstLine(string? text) => text is null ? "" : text.Split('\n')[0].Trim();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex TrialId();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,64}\.(html|js|css|svg)$")]
    private static partial Regex AssetName();

    private sealed class NoSignalsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Stops serving and releases the feeds; idempotent (the study's node stops after its dashboard).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var feed in _feeds.Values) await feed.DisposeAsync().ConfigureAwait(false);
    }
}
