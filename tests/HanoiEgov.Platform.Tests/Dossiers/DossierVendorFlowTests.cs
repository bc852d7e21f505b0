using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Dossiers using the vendor modules against the real sandbox on a real port: VNPT signs a dossier's result for its
/// head, Viettel takes the applicant's fees. Real tokens, real PostgreSQL, Orleans and HTTP.
/// </summary>
public sealed class DossierVendorFlowTests(LocalServersFixture servers, VendorSandboxFixture sandbox)
    : HostedPlatformTests(servers, "dossiervendors"), IClassFixture<VendorSandboxFixture>
{
    private const string Applicant = "nguyen.van.an";
    private const string PortalReturn = "https://portal.example/dossiers/";
    private const string ApplicantId = "001090012345";
    private const string HeadPersonalId = "001078012348";
    private static readonly byte[] ResultPdf = "%PDF-1.7\n% Giấy xác nhận đăng ký thường trú\n"u8.ToArray();
    private readonly Dictionary<string, string> tokens = [];

    private VendorSandboxServer Sandbox => sandbox.Server;

    protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync()
    {
        return new Dictionary<string, string>(Sandbox.VendorSettings())
        {
            ["Capabilities:DigitalSignature"] = "VNPT",
            ["Capabilities:Payment"] = "Viettel",
            ["Capabilities:PopulationRegistry"] = "FPT",
            ["Dossiers:Signing:TrustedRoots:0"] = await SandboxRootAsync(),
            ["Dossiers:Payments:ReturnUrl"] = $"{PortalReturn}{{dossierId}}/pay/return",
        };
    }

    [Fact]
    public async Task A_head_signs_a_result_and_the_applicant_downloads_it_with_the_signer_chain_and_signing_time_verified()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        var before = await DossierAsync(Applicant, id);

        var signed = await SignAsync(id, resultId);

        Assert.Equal("Completed", signed.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, signed.GetProperty("recordedInVersion").GetInt32());
        var result = await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK);
        var verification = result.GetProperty("verification");
        Assert.True(verification.GetProperty("isValid").GetBoolean(), verification.ToString());
        Assert.Contains($"CCCD:{HeadPersonalId}", verification.GetProperty("signer").GetString(), StringComparison.Ordinal);
        var chain = verification.GetProperty("chain").EnumerateArray().Select(subject => subject.GetString()).ToList();
        Assert.Equal(3, chain.Count);
        using var root = X509Certificate2.CreateFromPem(await SandboxRootAsync());
        Assert.Equal(root.Subject, chain[^1]);
        var signingTime = verification.GetProperty("signingTime").GetDateTimeOffset();
        Assert.InRange(signingTime, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var after = await DossierAsync(Applicant, id);
        Assert.Equal(before.GetProperty("status").GetString(), after.GetProperty("status").GetString());
        var history = await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        var last = history.EnumerateArray().Last();
        Assert.Equal("SignResult", last.GetProperty("action").GetString());
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(ResultPdf)), last.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using var content = await SendAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/content");
        using var signature = await SendAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signature");
        Assert.Equal("application/pkcs7-signature", signature.Content.Headers.ContentType?.MediaType);
        var document = await content.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ResultPdf, document);
        Assert.Equal(0, await OpensslVerifyAsync(await signature.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), document, await SandboxRootAsync()));
    }

    [Fact]
    public async Task A_tampered_stored_signature_or_one_from_another_CA_is_reported_invalid_with_the_reason()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        await SignAsync(id, resultId);

        await using (var tamper = new NpgsqlConnection(Database))
        {
            await tamper.OpenAsync(TestContext.Current.CancellationToken);
            await using var flip = new NpgsqlCommand(
                "UPDATE dossiers.results SET signature = overlay(signature placing decode(lpad(to_hex(get_byte(signature, length(signature) - 1) # 255), 2, '0'), 'hex') from length(signature)) WHERE id = @id",
                tamper);
            flip.Parameters.AddWithValue("id", Guid.Parse(resultId));
            Assert.Equal(1, await flip.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var tampered = (await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK)).GetProperty("verification");
        Assert.False(tampered.GetProperty("isValid").GetBoolean());
        Assert.Equal(SignatureProblems.Tampered, tampered.GetProperty("problem").GetString());
        Assert.False(string.IsNullOrWhiteSpace(tampered.GetProperty("reason").GetString()));

        await StoreSignatureAsync(resultId, SignedByAnotherAuthority(SHA256.HashData(ResultPdf)));
        var foreign = (await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK)).GetProperty("verification");
        Assert.False(foreign.GetProperty("isValid").GetBoolean());
        Assert.Equal(SignatureProblems.UntrustedCertificate, foreign.GetProperty("problem").GetString());
        Assert.Contains("trusted root", foreign.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Officials_polling_a_completed_signing_at_once_record_one_SignResult_event()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        var requested = await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        await JsonAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        await PhoneAsync(requested.GetProperty("transactionId").GetString()!, "confirm");

        var polls = await Task.WhenAll(Enumerable.Range(0, 6).Select(poll =>
            SendAsync(poll % 2 == 0 ? "head.badinh" : "clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing")));

        Assert.All(polls, poll => Assert.Equal(HttpStatusCode.OK, poll.StatusCode));
        foreach (var poll in polls)
        {
            poll.Dispose();
        }

        var history = await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        Assert.Single(history.EnumerateArray(), entry => entry.GetProperty("action").GetString() == "SignResult");
        var settled = await JsonAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal(history.GetArrayLength(), settled.GetProperty("recordedInVersion").GetInt32());
    }

    [Theory]
    [InlineData("clerk.badinh", HttpStatusCode.Forbidden)]
    [InlineData("head.hoankiem", HttpStatusCode.NotFound)]
    [InlineData(Applicant, HttpStatusCode.Forbidden)]
    public async Task Only_a_head_of_the_handling_agency_may_have_a_result_signed(string user, HttpStatusCode expected)
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);

        using var response = await SendAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing");

        Assert.Equal(expected, response.StatusCode);
        var result = await JsonAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK);
        Assert.Equal("NotRequested", result.GetProperty("signing").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_result_must_be_a_PDF_and_the_dossier_in_processing()
    {
        var id = await ProcessingDossierAsync();
        using var notPdf = await UploadAsync("clerk.badinh", $"/api/dossiers/{id}/results", "ket-qua.pdf", "application/pdf", "not a pdf"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, notPdf.StatusCode);
        Assert.True((await notPdf.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("file", out _));

        var received = await CounterDossierAsync();
        using var tooEarly = await UploadAsync("clerk.badinh", $"/api/dossiers/{received}/results", "ket-qua.pdf", "application/pdf", ResultPdf);
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        var none = await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{received}/results", HttpStatusCode.OK);
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task The_worklist_lists_a_dossier_under_waiting_for_a_signature_until_its_signer_confirms()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        var requested = await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);

        var waiting = await JsonAsync("head.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?signing=pending", HttpStatusCode.OK);
        await PhoneAsync(requested.GetProperty("transactionId").GetString()!, "confirm");
        await JsonAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        var signed = await JsonAsync("head.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?signing=pending", HttpStatusCode.OK);
        var bad = await JsonAsync("head.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?signing=yes", HttpStatusCode.BadRequest);

        Assert.Contains(waiting.EnumerateArray(), dossier => dossier.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(signed.EnumerateArray(), dossier => dossier.GetProperty("id").GetString() == id);
        Assert.True(bad.GetProperty("errors").TryGetProperty("signing", out _));
    }

    [Fact]
    public async Task A_rejected_signing_is_shown_and_the_head_may_ask_again()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        var first = await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        await PhoneAsync(first.GetProperty("transactionId").GetString()!, "reject");

        var rejected = await JsonAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        using var unsigned = await SendAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signature");
        Assert.Equal(HttpStatusCode.NotFound, unsigned.StatusCode);

        var again = await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        Assert.Equal(2, again.GetProperty("attempt").GetInt32());
        Assert.NotEqual(first.GetProperty("transactionId").GetString(), again.GetProperty("transactionId").GetString());
        await PhoneAsync(again.GetProperty("transactionId").GetString()!, "confirm");
        var completed = await JsonAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_gateway_sends_the_citizen_back_to_the_portals_page_for_the_dossier_with_its_signed_query()
    {
        var id = await CounterDossierAsync();
        await ActAsync("clerk.badinh", id, "RequestPayment", 1);
        var payment = await JsonAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment", HttpStatusCode.Created);

        using var paid = await Sandbox.Client.PostAsync($"viettel/sandbox/payments/{Uri.EscapeDataString(payment.GetProperty("orderId").GetString()!)}/pay", null, TestContext.Current.CancellationToken);
        var outcome = await paid.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        var returnTo = new Uri(outcome.GetProperty("redirectUrl").GetString()!);
        Assert.Equal($"{PortalReturn}{id}/pay/return", returnTo.GetLeftPart(UriPartial.Path));
        Assert.Contains("check_sum=", returnTo.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_the_fees_returns_the_dossier_from_payment_requested_to_where_it_paused_and_its_clock_runs_again()
    {
        var id = await CounterDossierAsync();
        await ActAsync("clerk.badinh", id, "StartProcessing", 1);
        var paused = await ActAsync("clerk.badinh", id, "RequestPayment", 2);
        Assert.Equal(6, paused.GetProperty("statusCode").GetInt32());

        var payment = await JsonAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment", HttpStatusCode.Created);
        Assert.Equal(20_000, payment.GetProperty("amountVnd").GetInt64());
        Assert.StartsWith(Sandbox.Face("viettel").ToString(), payment.GetProperty("redirectUrl").GetString(), StringComparison.Ordinal);
        var retried = await JsonAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment", HttpStatusCode.OK);
        Assert.Equal(payment.GetProperty("paymentId").GetString(), retried.GetProperty("paymentId").GetString());

        var callback = await PayAtGatewayAsync(payment.GetProperty("orderId").GetString()!);
        var answer = await CallbackAsync(callback, HttpStatusCode.OK);

        Assert.Equal("recorded", answer.GetProperty("outcome").GetString());
        var resumed = await DossierAsync(Applicant, id);
        Assert.Equal("Processing", resumed.GetProperty("status").GetString());
        Assert.True(resumed.GetProperty("dueAt").GetDateTimeOffset() >= paused.GetProperty("dueAt").GetDateTimeOffset());
        var history = await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        var confirmed = history.EnumerateArray().Last();
        Assert.Equal("ConfirmPayment", confirmed.GetProperty("action").GetString());
        Assert.Equal("payment-gateway", confirmed.GetProperty("actor").GetProperty("userId").GetString());
        var shown = await JsonAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/payment", HttpStatusCode.OK);
        Assert.Equal("Paid", shown.GetProperty("status").GetString());

        var replayed = await CallbackAsync(callback, HttpStatusCode.OK);
        Assert.Equal("already-processed", replayed.GetProperty("outcome").GetString());
        var tampered = new Dictionary<string, string>(callback) { ["trans_amount"] = "1" };
        await CallbackAsync(tampered, HttpStatusCode.BadRequest);
        var unchanged = await JsonAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        Assert.Equal(history.GetArrayLength(), unchanged.GetArrayLength());
        using var verification = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/verification");
        Assert.True((await verification.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_clerk_looks_the_applicant_up_at_the_FPT_registry_and_the_registry_records_the_purpose_and_consent()
    {
        var lookup = new { personalId = ApplicantId, purpose = "Tiếp nhận hồ sơ thủ tục 1.004222 tại quầy", consentReference = "Phiếu đồng ý số 15/2026" };

        var person = await JsonAsync("clerk.badinh", HttpMethod.Post, "/api/population/lookups", lookup, HttpStatusCode.OK);
        var unknown = await JsonAsync("clerk.badinh", HttpMethod.Post, "/api/population/lookups", lookup with { personalId = "001090099999" }, HttpStatusCode.NotFound);
        var noConsent = await JsonAsync("clerk.badinh", HttpMethod.Post, "/api/population/lookups", lookup with { consentReference = " " }, HttpStatusCode.BadRequest);

        Assert.Equal("Nguyễn Văn An", person.GetProperty("fullName").GetString());
        Assert.Equal(ApplicantId, person.GetProperty("personalId").GetString());
        var recorded = person.GetProperty("lookup");
        Assert.Equal(lookup.purpose, recorded.GetProperty("purpose").GetString());
        Assert.Equal(lookup.consentReference, recorded.GetProperty("consentReference").GetString());
        Assert.Equal("clerk.badinh", recorded.GetProperty("requestedBy").GetString());
        Assert.False(string.IsNullOrEmpty(recorded.GetProperty("lookupId").GetString()));
        Assert.Equal("personalId", unknown.GetProperty("field").GetString());
        Assert.True(noConsent.GetProperty("errors").TryGetProperty("consentReference", out _));
    }

    [Fact]
    public async Task A_counter_registration_records_whether_the_registry_confirmed_the_applicant_and_only_a_lookup_the_clerk_made_counts()
    {
        var lookup = await JsonAsync("clerk.badinh", HttpMethod.Post, "/api/population/lookups",
            new { personalId = ApplicantId, purpose = "Tiếp nhận hồ sơ tại quầy", consentReference = "Đồng ý tại quầy" }, HttpStatusCode.OK);
        var lookupId = lookup.GetProperty("lookup").GetProperty("lookupId").GetString()!;

        var verified = await CounterAsync(ApplicantId, lookupId, HttpStatusCode.Created);
        var typed = await CounterAsync(ApplicantId, null, HttpStatusCode.Created);
        var otherPerson = await CounterAsync("001195012346", lookupId, HttpStatusCode.BadRequest);
        var invented = await CounterAsync(ApplicantId, "no-such-lookup", HttpStatusCode.BadRequest);

        Assert.Contains($"đã được xác thực qua Cơ sở dữ liệu quốc gia về dân cư (mã tra cứu {lookupId})", await FirstReasonAsync(verified), StringComparison.Ordinal);
        Assert.Contains("chưa được xác thực", await FirstReasonAsync(typed), StringComparison.Ordinal);
        Assert.True(otherPerson.GetProperty("errors").TryGetProperty("applicantLookupId", out _));
        Assert.True(invented.GetProperty("errors").TryGetProperty("applicantLookupId", out _));
        using var verification = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{verified.GetProperty("id").GetString()}/verification");
        Assert.True((await verification.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("intact").GetBoolean());
    }

    private async Task<JsonElement> CounterAsync(string applicantId, string? lookupId, HttpStatusCode expected) =>
        await JsonAsync("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter", new
        {
            procedureCode = "1.004222",
            applicantId,
            applicantName = "Nguyễn Văn An",
            applicantLookupId = lookupId,
            documents = await DocumentsAsync("clerk.badinh"),
        }, expected);

    private async Task<string> FirstReasonAsync(JsonElement dossier) =>
        (await JsonAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{dossier.GetProperty("id").GetString()}/history", HttpStatusCode.OK))[0].GetProperty("reason").GetString() ?? "";

    [Fact]
    public async Task A_dossier_whose_procedure_charges_nothing_online_has_nothing_to_pay()
    {
        var id = await OnlineDossierAsync();
        await ActAsync("clerk.badinh", id, "Accept", 1);
        await ActAsync("clerk.badinh", id, "RequestPayment", 2);

        using var response = await SendAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("fees", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task While_the_sandbox_is_stopped_signing_and_paying_answer_503_and_change_nothing_then_succeed_after_it_restarts()
    {
        var signing = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", signing);
        var paying = await CounterDossierAsync();
        await ActAsync("clerk.badinh", paying, "RequestPayment", 1);
        var signingBefore = (await DossierAsync(Applicant, signing)).GetProperty("version").GetInt32();

        Sandbox.Stop();
        try
        {
            using var sign = await SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{signing}/results/{resultId}/signing");
            using var pay = await SendAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{paying}/payment");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, sign.StatusCode);
            Assert.NotNull(sign.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pay.StatusCode);
            Assert.Equal(signingBefore, (await DossierAsync(Applicant, signing)).GetProperty("version").GetInt32());
            Assert.Equal("PaymentRequested", (await DossierAsync(Applicant, paying)).GetProperty("status").GetString());
            var result = await JsonAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{signing}/results/{resultId}", HttpStatusCode.OK);
            Assert.Equal("NotRequested", result.GetProperty("signing").GetProperty("status").GetString());
            using var noPayment = await SendAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{paying}/payment");
            Assert.Equal(HttpStatusCode.NotFound, noPayment.StatusCode);
            using var lookup = await SendAsync("clerk.badinh", HttpMethod.Post, "/api/population/lookups", new { personalId = ApplicantId, purpose = "Tiếp nhận hồ sơ", consentReference = "Phiếu đồng ý" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lookup.StatusCode);
            Assert.NotNull(lookup.Headers.RetryAfter);
        }
        finally
        {
            await Sandbox.StartAsync();
        }

        await RetryUntilAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.Accepted);
        await RetryUntilAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{paying}/payment", HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_signing_request_and_a_payment_the_restarted_sandbox_forgot_can_be_made_again()
    {
        // Every test's database numbers its dossiers from 0001 again, so an order id (code and version) another test of
        // the class left at the shared sandbox, with another dossier's return URL, would be refused: start from one that knows none.
        Sandbox.Stop();
        await Sandbox.StartAsync();
        var signing = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", signing);
        var first = await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.Accepted);
        var paying = await CounterDossierAsync();
        await ActAsync("clerk.badinh", paying, "RequestPayment", 1);
        var lost = await JsonAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{paying}/payment", HttpStatusCode.Created);

        Sandbox.Stop();
        await Sandbox.StartAsync();

        var forgotten = await JsonAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Expired", forgotten.GetProperty("status").GetString());
        Assert.Contains("no longer knows", forgotten.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var again = await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.Accepted);
        Assert.NotEqual(first.GetProperty("transactionId").GetString(), again.GetProperty("transactionId").GetString());
        await PhoneAsync(again.GetProperty("transactionId").GetString()!, "confirm");
        Assert.Equal("Completed", (await JsonAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.OK)).GetProperty("status").GetString());

        var renewed = await JsonAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{paying}/payment", HttpStatusCode.Created);
        Assert.NotEqual(lost.GetProperty("orderId").GetString(), renewed.GetProperty("orderId").GetString());
        var answer = await CallbackAsync(await PayAtGatewayAsync(renewed.GetProperty("orderId").GetString()!), HttpStatusCode.OK);
        Assert.Equal("recorded", answer.GetProperty("outcome").GetString());
        Assert.Equal("Received", (await DossierAsync(Applicant, paying)).GetProperty("status").GetString());
    }

    private async Task<JsonElement> SignAsync(string id, string resultId)
    {
        var requested = await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        Assert.Equal("Pending", requested.GetProperty("status").GetString());
        var pending = await JsonAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        await PhoneAsync(requested.GetProperty("transactionId").GetString()!, "confirm");
        return await JsonAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
    }

    private async Task PhoneAsync(string transactionId, string answer)
    {
        using var response = await Sandbox.Client.PostAsync($"vnpt/sandbox/phone/transactions/{transactionId}/{answer}", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<Dictionary<string, string>> PayAtGatewayAsync(string orderId)
    {
        using var response = await Sandbox.Client.PostAsync($"viettel/sandbox/payments/{Uri.EscapeDataString(orderId)}/pay", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return outcome.GetProperty("callback").Deserialize<Dictionary<string, string>>()!;
    }

    /// <summary>Delivers the gateway's IPN as the sandbox posts it (the in-process platform has no port the sandbox could reach).</summary>
    private async Task<JsonElement> CallbackAsync(Dictionary<string, string> callback, HttpStatusCode expected)
    {
        using var response = await Client.PostAsJsonAsync("/api/payments/callback", callback, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private async Task RetryUntilAsync(string user, HttpMethod method, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await SendAsync(user, method, path);
            if (response.StatusCode == expected)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{method} {path} still answers {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    private async Task<string> ProcessingDossierAsync()
    {
        var id = await CounterDossierAsync();
        await ActAsync("clerk.badinh", id, "StartProcessing", 1);
        return id;
    }

    /// <summary>Registered at Ba Đình's counter for the demo citizen An (20,000 đồng at the counter): status 2.</summary>
    private async Task<string> CounterDossierAsync()
    {
        var documents = await DocumentsAsync("clerk.badinh");
        var created = await JsonAsync("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.004222", applicantId = ApplicantId, applicantName = "Nguyễn Văn An", documents }, HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }

    private async Task<string> OnlineDossierAsync()
    {
        var documents = await DocumentsAsync(Applicant);
        var created = await JsonAsync(Applicant, HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents }, HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }

    private async Task<object[]> DocumentsAsync(string user) =>
    [
        new { documentCode = "to-khai-ct01", attachmentId = await StageAsync(user, "ct01.pdf") },
        new { documentCode = "chung-minh-cho-o", attachmentId = await StageAsync(user, "so-do.pdf") },
    ];

    private async Task<string> StageAsync(string user, string name)
    {
        using var response = await UploadAsync(user, "/api/attachments", name, "application/pdf", "%PDF-1.4 giấy tờ"u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    private async Task<string> UploadResultAsync(string user, string id)
    {
        using var response = await UploadAsync(user, $"/api/dossiers/{id}/results", "ket-qua.pdf", "application/pdf", ResultPdf);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    private async Task<HttpResponseMessage> UploadAsync(string user, string path, string name, string type, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var form = new MultipartFormDataContent { { file, "file", name } };
        return await SendAsync(user, HttpMethod.Post, path, form);
    }

    private Task<JsonElement> ActAsync(string user, string id, string action, int expectedVersion) =>
        JsonAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action, expectedVersion }, HttpStatusCode.OK);

    private Task<JsonElement> DossierAsync(string user, string id) => JsonAsync(user, HttpMethod.Get, $"/api/dossiers/{id}", HttpStatusCode.OK);

    private async Task<JsonElement> JsonAsync(string user, HttpMethod method, string path, HttpStatusCode expected) => await JsonAsync(user, method, path, null, expected);

    private async Task<JsonElement> JsonAsync(string user, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(user, method, path, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{user} {method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(string user, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)) };
        if (!tokens.TryGetValue(user, out var token))
        {
            var client = user.Split('.')[0] is "clerk" or "head" ? "officials-portal" : "citizen-portal";
            token = tokens[user] = (await Servers.Tokens.SignInAsync(user, client)).GetProperty("access_token").GetString()!;
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> SandboxRootAsync() => await Sandbox.Client.GetStringAsync("vnpt/ca/root.pem", TestContext.Current.CancellationToken);

    private async Task StoreSignatureAsync(string resultId, byte[] signature)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var update = new NpgsqlCommand("UPDATE dossiers.results SET signature = @signature WHERE id = @id", connection);
        update.Parameters.AddWithValue("id", Guid.Parse(resultId));
        update.Parameters.AddWithValue("signature", signature);
        await update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A correct signature over the same hash, by a CA the platform does not trust.</summary>
    private static byte[] SignedByAnotherAuthority(byte[] hash)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Another CA, C=VN", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signerRequest = new CertificateRequest($"CN=Impostor, SERIALNUMBER=CCCD:{HeadPersonalId}, C=VN", signerKey, HashAlgorithmName.SHA256);
        using var issued = signerRequest.Create(root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(1), [1, 2, 3, 4]);
        using var signer = issued.CopyWithPrivateKey(signerKey);
        return CmsHashSignature.Create(hash, HashAlgorithmName.SHA256, signer, [root], DateTimeOffset.UtcNow);
    }

    private static async Task<int> OpensslVerifyAsync(byte[] cms, byte[] document, string rootPem)
    {
        var folder = Directory.CreateTempSubdirectory("result-signature").FullName;
        try
        {
            var cancellation = TestContext.Current.CancellationToken;
            await File.WriteAllBytesAsync(Path.Combine(folder, "sig.p7s"), cms, cancellation);
            await File.WriteAllBytesAsync(Path.Combine(folder, "doc.pdf"), document, cancellation);
            await File.WriteAllTextAsync(Path.Combine(folder, "root.pem"), rootPem, cancellation);
            using var openssl = Process.Start(new ProcessStartInfo(
                "openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", Path.Combine(folder, "sig.p7s"), "-content", Path.Combine(folder, "doc.pdf"), "-CAfile", Path.Combine(folder, "root.pem"), "-out", "/dev/null"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var error = await openssl.StandardError.ReadToEndAsync(cancellation);
            await openssl.WaitForExitAsync(cancellation);
            Assert.True(openssl.ExitCode == 0 && error.Contains("Verification successful", StringComparison.Ordinal), error);
            return openssl.ExitCode;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
