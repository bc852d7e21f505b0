using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The Viettel payment gateway face spoken raw: signed requests, the payment page and its signed notifications.</summary>
[Trait("Category", "Integration")]
public sealed class SandboxPaymentTests(VendorSandboxFixture fixture) : IClassFixture<VendorSandboxFixture>
{
    private VendorSandboxServer Sandbox => fixture.Server;

    [Fact]
    public async Task An_order_whose_check_sum_does_not_cover_its_fields_is_refused()
    {
        var fields = Signed(Order("https://dichvucong.hanoi.example/payments/return"));
        fields["trans_amount"] = "1000";

        using var response = await Sandbox.Client.PostAsJsonAsync("viettel/payment/v1/orders", fields, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("01", body.RootElement.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Paying_on_the_page_notifies_the_ipn_url_and_sends_the_browser_back_with_the_same_signed_fields()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var notifications = new ConcurrentQueue<Dictionary<string, string>>();
        await using var merchant = await StartMerchantAsync(notifications);
        var ipnUrl = $"{merchant.Urls.First()}/ipn";
        var order = Order("https://dichvucong.hanoi.example/payments/return");
        order["ipn_url"] = ipnUrl;
        using var created = await Sandbox.Client.PostAsJsonAsync("viettel/payment/v1/orders", Signed(order), cancellation);
        created.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellation));
        var paymentUrl = new Uri(answer.RootElement.GetProperty("payment_url").GetString()!);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(paymentUrl, cancellation);
        using var paid = await browser.PostAsync(paymentUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "pay" }), cancellation);

        Assert.Contains("30.000 ₫", page, StringComparison.Ordinal);
        Assert.Contains("value=\"pay\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"cancel\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        var location = paid.Headers.Location!;
        Assert.StartsWith("https://dichvucong.hanoi.example/payments/return?", location.ToString(), StringComparison.Ordinal);
        var returned = location.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair[1]));
        var notified = Assert.Single(notifications);
        Assert.Equal(returned, notified);
        Assert.Equal(("1", "30000", order["order_id"]), (notified["payment_status"], notified["trans_amount"], notified["order_id"]));
        Assert.Equal(Checksum(notified), notified["check_sum"]);
    }

    [Fact]
    public async Task A_refund_id_used_again_refunds_once()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var order = Order("https://dichvucong.hanoi.example/payments/return");
        (await Sandbox.Client.PostAsJsonAsync("viettel/payment/v1/orders", Signed(order), cancellation)).EnsureSuccessStatusCode();
        (await Sandbox.Client.PostAsync($"viettel/sandbox/payments/{order["order_id"]}/pay", null, cancellation)).EnsureSuccessStatusCode();
        var refund = Signed(new Dictionary<string, string>
        {
            ["merchant_code"] = Sandbox.Credentials.MerchantCode, ["order_id"] = order["order_id"], ["refund_id"] = "refund-1", ["trans_amount"] = "10000", ["reason"] = "fee reduced",
        });

        using var first = await Sandbox.Client.PostAsJsonAsync("viettel/payment/v1/refunds", refund, cancellation);
        using var again = await Sandbox.Client.PostAsJsonAsync("viettel/payment/v1/refunds", refund, cancellation);

        using var body = JsonDocument.Parse(await again.Content.ReadAsStringAsync(cancellation));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("10000", body.RootElement.GetProperty("refunded_amount").GetString());
    }

    private Dictionary<string, string> Order(string returnUrl) => new()
    {
        ["merchant_code"] = Sandbox.Credentials.MerchantCode,
        ["order_id"] = $"00004-261129-{Guid.NewGuid():N}"[..30],
        ["trans_amount"] = "30000",
        ["description"] = "Lệ phí đăng ký thường trú",
        ["return_url"] = returnUrl,
    };

    private Dictionary<string, string> Signed(Dictionary<string, string> fields)
    {
        fields["check_sum"] = Checksum(fields);
        return fields;
    }

    private string Checksum(Dictionary<string, string> fields)
    {
        var canonical = string.Join('&', fields.Where(field => field.Key != "check_sum").OrderBy(field => field.Key, StringComparer.Ordinal).Select(field => $"{field.Key}={field.Value}"));
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Sandbox.Credentials.HashKey), Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>A stand-in for the platform's notification endpoint, on a real port.</summary>
    private static async Task<WebApplication> StartMerchantAsync(ConcurrentQueue<Dictionary<string, string>> notifications)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort.Next()}");
        var app = builder.Build();
        app.MapPost("/ipn", (Dictionary<string, string> fields) =>
        {
            notifications.Enqueue(fields);
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
