using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace HanoiEgov.PortalShell.Platform;

/// <summary>
/// A refusal of the platform API (RFC 9457 problem details): its status, title and the fields it names; for a retired
/// procedure (410), the one that replaced it and from when.
/// </summary>
public sealed record ApiProblem(int Status, string Title, string? Field, IReadOnlyDictionary<string, string[]> Errors, string? ReplacedBy = null, DateOnly? RetiredFrom = null)
{
    /// <summary>The first message the API gave for <paramref name="field"/>, if it named that field.</summary>
    public string? For(string field) =>
        Errors.FirstOrDefault(error => string.Equals(error.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault()
        ?? (string.Equals(Field, field, StringComparison.OrdinalIgnoreCase) ? Title : null);
}

/// <summary>
/// What the platform answered: a value, or a problem; for a list, <paramref name="Next"/> is the Link header's next
/// page and <paramref name="Total"/> the X-Total-Count header's count of every match.
/// </summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem, HttpStatusCode Status, string? Next = null, long? Total = null)
{
    public bool Succeeded => Problem is null;
}

/// <summary>The platform API could not be reached, or failed: the page says so and offers to try again.</summary>
public sealed class PlatformUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The platform API as a portal calls it, server-side: through service discovery and the standard resilience
/// handler, with the signed-in user's access token (the browser never sees it).
/// </summary>
public sealed partial class PlatformApi(IHttpClientFactory clients, IHttpContextAccessor accessor)
{
    public const string ClientName = "platform";

    private Task<string?>? accessToken;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<ApiResult<T>> GetAsync<T>(string path) => SendAsync<T>(() => new HttpRequestMessage(HttpMethod.Get, path));

    public Task<ApiResult<T>> PostAsync<T>(string path, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        SendJsonAsync<T>(HttpMethod.Post, path, body, headers);

    public Task<ApiResult<T>> PutAsync<T>(string path, object body) => SendJsonAsync<T>(HttpMethod.Put, path, body, null);

    private Task<ApiResult<T>> SendJsonAsync<T>(HttpMethod method, string path, object body, IReadOnlyDictionary<string, string>? headers) =>
        SendAsync<T>(() =>
        {
            var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) };
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        });

    /// <summary>Uploads one file as the multipart field <c>file</c>.</summary>
    public Task<ApiResult<T>> UploadAsync<T>(string path, IFormFile file) => SendAsync<T>(() =>
    {
        var content = new StreamContent(file.OpenReadStream());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType);
        var form = new MultipartFormDataContent { { content, "file", Path.GetFileName(file.FileName) } };
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
    });

    /// <summary>A document from the platform, streamed to the browser as it comes; null with the status when refused.</summary>
    public async Task<(HttpResponseMessage? Response, HttpStatusCode Status)> DownloadAsync(string path)
    {
        var http = accessor.HttpContext!;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        await PrepareAsync(request, http);
        try
        {
            var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            if (response.IsSuccessStatusCode)
            {
                return (response, response.StatusCode);
            }

            var status = response.StatusCode;
            response.Dispose();
            return status >= HttpStatusCode.InternalServerError ? throw new PlatformUnavailableException($"The platform answered {(int)status}.") : (null, status);
        }
        catch (Exception exception) when (exception is HttpRequestException or Polly.ExecutionRejectedException)
        {
            // Refused, timed out by the resilience handler (TimeoutRejectedException) or its circuit open (BrokenCircuitException).
            throw new PlatformUnavailableException("The platform API cannot be reached.", exception);
        }
    }

    private async Task<ApiResult<T>> SendAsync<T>(Func<HttpRequestMessage> create)
    {
        var http = accessor.HttpContext!;
        using var request = create();
        await PrepareAsync(request, http);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, http.RequestAborted);
        }
        catch (Exception exception) when (exception is HttpRequestException or Polly.ExecutionRejectedException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            throw new PlatformUnavailableException("The platform API cannot be reached.", exception);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var value = response.StatusCode == HttpStatusCode.NoContent ? default : await response.Content.ReadFromJsonAsync<T>(Json, http.RequestAborted);
                return new ApiResult<T>(value, null, response.StatusCode, NextPage(response), TotalCount(response));
            }

            if (response.StatusCode >= HttpStatusCode.InternalServerError)
            {
                throw new PlatformUnavailableException($"The platform answered {(int)response.StatusCode}.");
            }

            return new ApiResult<T>(default, await ReadProblemAsync(response, http.RequestAborted), response.StatusCode);
        }
    }

    /// <summary>The user's token, and the user's address so that the platform's limits per address count the user, not the portal.</summary>
    private async Task PrepareAsync(HttpRequestMessage request, HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address.ToString());
        }

        // Read once per request: a page's calls may run at the same time, and authentication is not safe to run in parallel.
        accessToken ??= http.User.Identity?.IsAuthenticated == true ? http.GetTokenAsync("access_token") : Task.FromResult<string?>(null);
        if (await accessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static long? TotalCount(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Total-Count", out var counts) && long.TryParse(counts.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var total)
            ? total
            : null;

    private static string? NextPage(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(link => NextLink().Match(link)).FirstOrDefault(match => match.Success)?.Groups[1].Value
            : null;

    [System.Text.RegularExpressions.GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"next\"")]
    private static partial System.Text.RegularExpressions.Regex NextLink();

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken);
            return new ApiProblem(status, problem?.Title ?? response.ReasonPhrase ?? "", problem?.Field, problem?.Errors ?? new Dictionary<string, string[]>(),
                problem?.ReplacedBy, problem?.RetiredFrom);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, response.ReasonPhrase ?? "", null, new Dictionary<string, string[]>());
        }
    }

    private sealed record ProblemBody(string? Title, string? Field, Dictionary<string, string[]>? Errors, string? ReplacedBy, DateOnly? RetiredFrom);
}
