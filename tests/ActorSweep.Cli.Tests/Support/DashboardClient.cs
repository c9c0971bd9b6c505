using System.Net;
using System.Text.Json;

namespace ActorSweep.Cli.Tests.Support;

/// <summary>GETs against a dashboard: the status code and the body as JSON.</summary>
public sealed class DashboardClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(HttpStatusCode Status, JsonElement Body, string ContentType)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        var type = response.Content.Headers.ContentType?.ToString() ?? "";
        var body = type.StartsWith("application/json", StringComparison.Ordinal) ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(text);
        return (response.StatusCode, body, type);
    }

    public async Task<JsonElement> JsonAsync(string path)
    {
        var (status, body, _) = await GetAsync(path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"GET {path}: {body}");
        return body;
    }

    public void Dispose() => _http.Dispose();
}
