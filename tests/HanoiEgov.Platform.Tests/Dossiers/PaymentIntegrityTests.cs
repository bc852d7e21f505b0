using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.ServiceDefaults.Authentication;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Fees are settled once, for what the platform asked: a genuinely signed callback about another order or amount is
/// refused, and cash at the counter and an online payment never both settle one payment request. Against the real
/// Viettel sandbox face on a real port, real tokens, PostgreSQL and Orleans.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PaymentIntegrityTests(LocalServersFixture servers, VendorSandboxFixture sandbox)
    : HostedPlatformTests(servers, "paymentintegrity"), IClassFixture<VendorSandboxFixture>
{
    private const string Applicant = "nguyen.van.an";
    private const string Clerk = "clerk.badinh";

    private DemoUserCalls? calls;

    private VendorSandboxServer Sandbox => sandbox.Server;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(Sandbox.VendorSettings())
        {
            ["Capabilities:Payment"] = "Viettel",
            ["Dossiers:Payments:ReturnUrl"] = "https://portal.example/dossiers/{dossierId}/pay/return",
        });

    [Theory]
    [InlineData("trans_amount", "1", "amountVnd")]
    [InlineData("order_id", "HN-OTHER-2", "orderId")]
    public async Task A_genuinely_signed_callback_naming_another_amount_or_order_is_refused_and_the_dossier_stays_unpaid(string callbackField, string value, string field)
    {
        var (id, orderId) = await PaymentRequestedAsync();
        var genuine = await PayAtGatewayAsync(orderId);
        var other = Signed(new Dictionary<string, string>(genuine) { [callbackField] = value });

        using var refused = await Client.PostAsJsonAsync("/api/payments/callback", other, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(field, (await refused.ReadAsync<Problem>()).Field);
        Assert.Equal("PaymentRequested", (await DossierAsync(id)).Status);
        Assert.DoesNotContain(await ActionsAsync(id), action => action.Action == "ConfirmPayment");

        using var accepted = await Client.PostAsJsonAsync("/api/payments/callback", genuine, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Received", (await DossierAsync(id)).Status);
    }

    [Fact]
    public async Task Cash_recorded_first_settles_the_request_and_the_online_payment_that_arrives_later_is_not_confirmed_but_marked_for_refund()
    {
        var (id, orderId) = await PaymentRequestedAsync();

        var cash = await Calls.ActAsync(Clerk, id, "ConfirmPayment", 2);
        var callback = await PayAtGatewayAsync(orderId);
        using var late = await Client.PostAsJsonAsync("/api/payments/callback", callback, TestContext.Current.CancellationToken);

        Assert.Equal("Received", cash.Status);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("refund-due", (await late.ReadAsync<CallbackAnswer>()).Outcome);
        var confirmation = Assert.Single(await ActionsAsync(id), action => action.Action == "ConfirmPayment");
        Assert.Equal(PlatformRoles.OneStopClerk, confirmation.Role);
        var payment = await Calls.GetOkAsync<PaymentView>(Applicant, $"/api/dossiers/{id}/payment");
        Assert.Equal("Paid", payment.Status);
        Assert.Null(payment.ConfirmedInVersion);
        Assert.NotNull(payment.RefundDueAt);
    }

    [Fact]
    public async Task An_online_payment_made_first_settles_the_request_and_the_clerks_cash_is_refused_naming_the_payment()
    {
        var (id, orderId) = await PaymentRequestedAsync();
        var callback = await PayAtGatewayAsync(orderId);

        using var cash = await Calls.SendAsync(Clerk, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "ConfirmPayment", expectedVersion = 2 });
        using var delivered = await Client.PostAsJsonAsync("/api/payments/callback", callback, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, cash.StatusCode);
        Assert.Equal("payment", (await cash.ReadAsync<Problem>()).Field);
        Assert.Equal("already-processed", (await delivered.ReadAsync<CallbackAnswer>()).Outcome);
        Assert.Equal("Received", (await DossierAsync(id)).Status);
        var confirmation = Assert.Single(await ActionsAsync(id), action => action.Action == "ConfirmPayment");
        Assert.Equal("payment-gateway", confirmation.UserId);
    }

    [Fact]
    public async Task A_cash_claim_whose_step_never_reached_the_dossier_does_not_keep_an_online_payment_from_settling_it()
    {
        var (id, orderId) = await PaymentRequestedAsync();
        await using (var connection = new NpgsqlConnection(Database))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var abandoned = new NpgsqlCommand(
                "INSERT INTO dossiers.payment_settlements VALUES (@dossier, 2, 'cash', NULL, gen_random_uuid(), now() - interval '10 minutes')", connection);
            abandoned.Parameters.AddWithValue("dossier", Guid.Parse(id));
            await abandoned.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using var paid = await Client.PostAsJsonAsync("/api/payments/callback", await PayAtGatewayAsync(orderId), TestContext.Current.CancellationToken);

        Assert.Equal("recorded", (await paid.ReadAsync<CallbackAnswer>()).Outcome);
        Assert.Equal("Received", (await DossierAsync(id)).Status);
    }

    [Fact]
    public async Task Cash_is_not_recorded_while_the_gateway_cannot_say_whether_the_pending_order_was_paid()
    {
        var (id, _) = await PaymentRequestedAsync();
        Sandbox.Stop();
        try
        {
            using var cash = await Calls.SendAsync(Clerk, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "ConfirmPayment", expectedVersion = 2 });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, cash.StatusCode);
            Assert.NotNull(cash.Headers.RetryAfter);
            Assert.Equal("payment", (await cash.ReadAsync<Problem>()).Field);
            Assert.Equal("PaymentRequested", (await DossierAsync(id)).Status);
        }
        finally
        {
            await Sandbox.StartAsync();
        }
    }

    /// <summary>
    /// A counter dossier of An's (20,000 đồng) whose payment the clerk requested (version 2), and An's order at the
    /// gateway. The sandbox starts empty: every test's database numbers its dossiers, hence its order ids, from 0001.
    /// </summary>
    private async Task<(string Id, string OrderId)> PaymentRequestedAsync()
    {
        Sandbox.Stop();
        await Sandbox.StartAsync();
        object[] documents =
        [
            new { documentCode = "to-khai-ct01", attachmentId = await Calls.UploadAsync(Clerk, "ct01.pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "chung-minh-cho-o", attachmentId = await Calls.UploadAsync(Clerk, "so-do.pdf", "%PDF-1.4 sổ đỏ"u8.ToArray()) },
        ];
        using var registered = await Calls.SendAsync(Clerk, HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.004222", applicantId = "001090012345", applicantName = "Nguyễn Văn An", documents });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.ReadAsync<Dossier>()).Id;
        await Calls.ActAsync(Clerk, id, "RequestPayment", 1);
        using var created = await Calls.SendAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (id, (await created.ReadAsync<PaymentView>()).OrderId);
    }

    /// <summary>The payer pays on the sandbox's page; its signed callback is returned, not delivered (the in-process platform has no port the sandbox could reach).</summary>
    private async Task<Dictionary<string, string>> PayAtGatewayAsync(string orderId)
    {
        using var response = await Sandbox.Client.PostAsync($"viettel/sandbox/payments/{Uri.EscapeDataString(orderId)}/pay", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<SandboxSettlement>()).Callback;
    }

    /// <summary>Signs the fields as the gateway does (<c>check_sum</c> with the merchant's hash key), so only their content differs from a genuine callback.</summary>
    private Dictionary<string, string> Signed(Dictionary<string, string> fields)
    {
        var canonical = string.Join('&', fields.Where(field => field.Key != "check_sum").OrderBy(field => field.Key, StringComparer.Ordinal).Select(field => $"{field.Key}={field.Value}"));
        fields["check_sum"] = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Sandbox.Credentials.HashKey), Encoding.UTF8.GetBytes(canonical)));
        return fields;
    }

    private Task<Dossier> DossierAsync(string id) => Calls.GetOkAsync<Dossier>(Applicant, $"/api/dossiers/{id}");

    private async Task<List<(string Action, string UserId, string Role)>> ActionsAsync(string id)
    {
        return [.. (await Calls.GetOkAsync<HistoryEntry[]>(Applicant, $"/api/dossiers/{id}/history")).Select(entry => (entry.Action, entry.Actor.UserId, entry.Actor.Role))];
    }
}
