using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HanoiEgov.Modules.Dossiers.Apis;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The address the payment gateway sends the payer back to comes from configuration, never from a request's Host header.</summary>
[Trait("Category", "Integration")]
public sealed class PaymentReturnAddressTests(LocalServersFixture servers) : HostedPlatformTests(servers, "paymentreturn")
{
    private const string Clerk = "clerk.badinh";
    private const string OwnAddress = "http://platform.test:5080";

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["urls"] = $"{OwnAddress};http://+:5081",
            // AllowedHosts would refuse the forged Host at the door; this holds where every host is let through.
            ["AllowedHosts"] = "*",
        });

    [Fact]
    public async Task A_payment_asked_for_with_a_forged_Host_header_returns_the_payer_to_the_configured_address()
    {
        var calls = new DemoUserCalls(Servers, Client);
        object[] documents =
        [
            new { documentCode = "to-khai-ct01", attachmentId = await calls.UploadAsync(Clerk, "ct01.pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "chung-minh-cho-o", attachmentId = await calls.UploadAsync(Clerk, "so-do.pdf", "%PDF-1.4 sổ đỏ"u8.ToArray()) },
        ];
        using var registered = await calls.SendAsync(Clerk, HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.004222", applicantId = "001090012345", applicantName = "Nguyễn Văn An", documents });
        var id = (await registered.ReadAsync<Support.Dossier>()).Id;
        await calls.ActAsync(Clerk, id, "RequestPayment", 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{id}/payment");
        request.Headers.Host = "evil.example";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await Servers.Tokens.SignInAsync("nguyen.van.an", "citizen-portal")).GetProperty("access_token").GetString());

        using var created = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var redirect = (await created.ReadAsync<Support.PaymentView>()).RedirectUrl.OriginalString;
        Assert.StartsWith($"{OwnAddress}{PaymentsApi.CallbackPath}?", redirect, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", redirect, StringComparison.Ordinal);
    }
}
