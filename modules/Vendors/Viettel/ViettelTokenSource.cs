using System.Net.Http.Headers;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Viettel;

/// <summary>MySign's OAuth2 client-credentials token, fetched once and renewed a minute before it runs out or when refused.</summary>
internal sealed class ViettelTokenSource(IHttpClientFactory clients, IOptions<ViettelOptions> options) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? current;

    /// <summary>Sends with the bearer token; a refused token is renewed and the request sent once more.</summary>
    public async Task<VendorResult<VendorAnswer>> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(renew: attempt > 0, cancellationToken);
            if (!token.Succeeded)
            {
                return token.Failure;
            }

            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            var answer = await ViettelModule.Connection.SendAsync(clients, request, cancellationToken);
            if (answer.Succeeded || answer.Failure.Code != VendorFailureCodes.Unauthorized || attempt > 0)
            {
                return answer;
            }
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<VendorResult<string>> TokenAsync(bool renew, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!renew && current is { } cached && cached.RenewAt > DateTimeOffset.UtcNow)
            {
                return cached.Token;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = options.Value.ClientId,
                    ["client_secret"] = options.Value.ClientSecret,
                }),
            };
            var answer = await ViettelModule.Connection.SendAsync(clients, request, cancellationToken);
            if (!answer.Succeeded)
            {
                return answer.Failure;
            }

            if (!answer.Value.IsSuccess || answer.Value.Text("access_token") is not { } token)
            {
                return new VendorFailure(VendorFailureCodes.Unauthorized, $"MySign issued no token: {answer.Value.Text("error_description")}");
            }

            current = (token, DateTimeOffset.UtcNow.AddSeconds((answer.Value.Number("expires_in") ?? 300) - 60));
            return token;
        }
        finally
        {
            gate.Release();
        }
    }
}
