using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Dossiers using the vendor modules against the real sandbox on a real port: VNPT signs a dossier's result for its
/// head, Viettel takes the applicant's fees. Real tokens, real PostgreSQL, Orleans and HTTP.
/// </summary>
[Trait("Category", "Integration")]
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

        Assert.Equal("Completed", signed.Status);
        Assert.Equal(before.Version + 1, signed.RecordedInVersion);
        var result = await JsonAsync<ResultView>(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK);
        var verification = result.Verification!;
        Assert.True(verification.IsValid, verification.ToString());
        Assert.Contains($"CCCD:{HeadPersonalId}", verification.Signer, StringComparison.Ordinal);
        var chain = verification.Chain;
        Assert.Equal(3, chain.Count);
        using var root = X509Certificate2.CreateFromPem(await SandboxRootAsync());
        Assert.Equal(root.Subject, chain[^1]);
        var signingTime = verification.SigningTime!.Value;
        Assert.InRange(signingTime, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var after = await DossierAsync(Applicant, id);
        Assert.Equal(before.Status, after.Status);
        var history = await JsonAsync<HistoryEntry[]>(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        var last = history.Last();
        Assert.Equal("SignResult", last.Action);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(ResultPdf)), last.Reason, StringComparison.Ordinal);

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

        var tampered = (await JsonAsync<ResultView>(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK)).Verification!;
        Assert.False(tampered.IsValid);
        Assert.Equal(SignatureProblems.Tampered, tampered.Problem);
        Assert.False(string.IsNullOrWhiteSpace(tampered.Reason));

        await StoreSignatureAsync(resultId, SignedByAnotherAuthority(SHA256.HashData(ResultPdf)));
        var foreign = (await JsonAsync<ResultView>(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK)).Verification!;
        Assert.False(foreign.IsValid);
        Assert.Equal(SignatureProblems.UntrustedCertificate, foreign.Problem);
        Assert.Contains("trusted root", foreign.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Officials_polling_a_completed_signing_at_once_record_one_SignResult_event()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        var requested = await JsonAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        await JsonAsync<SigningView>("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        await PhoneAsync(requested.TransactionId!, "confirm");

        var polls = await Task.WhenAll(Enumerable.Range(0, 6).Select(poll =>
            SendAsync(poll % 2 == 0 ? "head.badinh" : "clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing")));

        Assert.All(polls, poll => Assert.Equal(HttpStatusCode.OK, poll.StatusCode));
        foreach (var poll in polls)
        {
            poll.Dispose();
        }

        var history = await JsonAsync<HistoryEntry[]>(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        Assert.Single(history, entry => entry.Action == "SignResult");
        var settled = await JsonAsync<SigningView>("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal(history.Length, settled.RecordedInVersion);
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
        var result = await JsonAsync<ResultView>("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}", HttpStatusCode.OK);
        Assert.Equal("NotRequested", result.Signing.Status);
    }

    [Fact]
    public async Task A_result_must_be_a_PDF_and_the_dossier_in_processing()
    {
        var id = await ProcessingDossierAsync();
        using var notPdf = await UploadAsync("clerk.badinh", $"/api/dossiers/{id}/results", "ket-qua.pdf", "application/pdf", "not a pdf"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, notPdf.StatusCode);
        Assert.Contains("file", (await notPdf.ReadAsync<Problem>()).ErrorFields);

        var received = await CounterDossierAsync();
        using var tooEarly = await UploadAsync("clerk.badinh", $"/api/dossiers/{received}/results", "ket-qua.pdf", "application/pdf", ResultPdf);
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        var none = await JsonAsync<ResultView[]>(Applicant, HttpMethod.Get, $"/api/dossiers/{received}/results", HttpStatusCode.OK);
        Assert.Empty(none);
    }

    [Fact]
    public async Task The_worklist_lists_a_dossier_under_waiting_for_a_signature_until_its_signer_confirms()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        var requested = await JsonAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);

        var waiting = await JsonAsync<Dossier[]>("head.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?signing=pending", HttpStatusCode.OK);
        await PhoneAsync(requested.TransactionId!, "confirm");
        await JsonAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        var signed = await JsonAsync<Dossier[]>("head.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?signing=pending", HttpStatusCode.OK);
        var bad = await JsonAsync<Problem>("head.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?signing=yes", HttpStatusCode.BadRequest);

        Assert.Contains(waiting, dossier => dossier.Id == id);
        Assert.DoesNotContain(signed, dossier => dossier.Id == id);
        Assert.Contains("signing", bad.ErrorFields);
    }

    [Fact]
    public async Task A_rejected_signing_is_shown_and_the_head_may_ask_again()
    {
        var id = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", id);
        var first = await JsonAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        await PhoneAsync(first.TransactionId!, "reject");

        var rejected = await JsonAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected.Status);
        using var unsigned = await SendAsync(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signature");
        Assert.Equal(HttpStatusCode.NotFound, unsigned.StatusCode);

        var again = await JsonAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        Assert.Equal(2, again.Attempt);
        Assert.NotEqual(first.TransactionId, again.TransactionId);
        await PhoneAsync(again.TransactionId!, "confirm");
        var completed = await JsonAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Completed", completed.Status);
    }

    [Fact]
    public async Task The_gateway_sends_the_citizen_back_to_the_portals_page_for_the_dossier_with_its_signed_query()
    {
        var id = await CounterDossierAsync();
        await ActAsync("clerk.badinh", id, "RequestPayment", 1);
        var payment = await JsonAsync<PaymentView>(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment", HttpStatusCode.Created);

        using var paid = await Sandbox.Client.PostAsync($"viettel/sandbox/payments/{Uri.EscapeDataString(payment.OrderId)}/pay", null, TestContext.Current.CancellationToken);
        var outcome = await paid.ReadAsync<SandboxSettlement>();

        var returnTo = new Uri(outcome.RedirectUrl);
        Assert.Equal($"{PortalReturn}{id}/pay/return", returnTo.GetLeftPart(UriPartial.Path));
        Assert.Contains("check_sum=", returnTo.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_the_fees_returns_the_dossier_from_payment_requested_to_where_it_paused_and_its_clock_runs_again()
    {
        var id = await CounterDossierAsync();
        await ActAsync("clerk.badinh", id, "StartProcessing", 1);
        var paused = await ActAsync("clerk.badinh", id, "RequestPayment", 2);
        Assert.Equal(6, paused.StatusCode);

        var payment = await JsonAsync<PaymentView>(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment", HttpStatusCode.Created);
        Assert.Equal(20_000, payment.AmountVnd);
        Assert.StartsWith(Sandbox.Face("viettel").ToString(), payment.RedirectUrl.OriginalString, StringComparison.Ordinal);
        var retried = await JsonAsync<PaymentView>(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment", HttpStatusCode.OK);
        Assert.Equal(payment.PaymentId, retried.PaymentId);

        var callback = await PayAtGatewayAsync(payment.OrderId);
        var answer = await CallbackAsync<CallbackAnswer>(callback, HttpStatusCode.OK);

        Assert.Equal("recorded", answer.Outcome);
        var resumed = await DossierAsync(Applicant, id);
        Assert.Equal("Processing", resumed.Status);
        Assert.True(resumed.DueAt >= paused.DueAt);
        var history = await JsonAsync<HistoryEntry[]>(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        var confirmed = history.Last();
        Assert.Equal("ConfirmPayment", confirmed.Action);
        Assert.Equal("payment-gateway", confirmed.Actor.UserId);
        var shown = await JsonAsync<PaymentView>("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/payment", HttpStatusCode.OK);
        Assert.Equal("Paid", shown.Status);

        var replayed = await CallbackAsync<CallbackAnswer>(callback, HttpStatusCode.OK);
        Assert.Equal("already-processed", replayed.Outcome);
        var tampered = new Dictionary<string, string>(callback) { ["trans_amount"] = "1" };
        await CallbackAsync<Problem>(tampered, HttpStatusCode.BadRequest);
        var unchanged = await JsonAsync<HistoryEntry[]>(Applicant, HttpMethod.Get, $"/api/dossiers/{id}/history", HttpStatusCode.OK);
        Assert.Equal(history.Length, unchanged.Length);
        using var verification = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/verification");
        Assert.True((await verification.ReadAsync<ChainReport>()).Intact);
    }

    [Fact]
    public async Task A_clerk_looks_the_applicant_up_at_the_FPT_registry_and_the_registry_records_the_purpose_and_consent()
    {
        var lookup = new { personalId = ApplicantId, purpose = "Tiếp nhận hồ sơ thủ tục 1.004222 tại quầy", consentReference = "Phiếu đồng ý số 15/2026" };

        var person = await JsonAsync<PopulationRecord>("clerk.badinh", HttpMethod.Post, "/api/population/lookups", lookup, HttpStatusCode.OK);
        var unknown = await JsonAsync<Problem>("clerk.badinh", HttpMethod.Post, "/api/population/lookups", lookup with { personalId = "001090099999" }, HttpStatusCode.NotFound);
        var noConsent = await JsonAsync<Problem>("clerk.badinh", HttpMethod.Post, "/api/population/lookups", lookup with { consentReference = " " }, HttpStatusCode.BadRequest);

        Assert.Equal("Nguyễn Văn An", person.FullName);
        Assert.Equal(ApplicantId, person.PersonalId);
        var recorded = person.Lookup;
        Assert.Equal(lookup.purpose, recorded.Purpose);
        Assert.Equal(lookup.consentReference, recorded.ConsentReference);
        Assert.Equal("clerk.badinh", recorded.RequestedBy);
        Assert.False(string.IsNullOrEmpty(recorded.LookupId));
        Assert.Equal("personalId", unknown.Field);
        Assert.Contains("consentReference", noConsent.ErrorFields);
    }

    [Fact]
    public async Task A_counter_registration_records_whether_the_registry_confirmed_the_applicant_and_only_a_lookup_the_clerk_made_counts()
    {
        var lookup = await JsonAsync<PopulationRecord>("clerk.badinh", HttpMethod.Post, "/api/population/lookups",
            new { personalId = ApplicantId, purpose = "Tiếp nhận hồ sơ tại quầy", consentReference = "Đồng ý tại quầy" }, HttpStatusCode.OK);
        var lookupId = lookup.Lookup.LookupId;

        var verified = await CounterAsync<Dossier>(ApplicantId, lookupId, HttpStatusCode.Created);
        var typed = await CounterAsync<Dossier>(ApplicantId, null, HttpStatusCode.Created);
        var otherPerson = await CounterAsync<Problem>("001195012346", lookupId, HttpStatusCode.BadRequest);
        var invented = await CounterAsync<Problem>(ApplicantId, "no-such-lookup", HttpStatusCode.BadRequest);

        Assert.Contains($"đã được xác thực qua Cơ sở dữ liệu quốc gia về dân cư (mã tra cứu {lookupId})", await FirstReasonAsync(verified), StringComparison.Ordinal);
        Assert.Contains("chưa được xác thực", await FirstReasonAsync(typed), StringComparison.Ordinal);
        Assert.Contains("applicantLookupId", otherPerson.ErrorFields);
        Assert.Contains("applicantLookupId", invented.ErrorFields);
        using var verification = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{verified.Id}/verification");
        Assert.True((await verification.ReadAsync<ChainReport>()).Intact);
    }

    private async Task<T> CounterAsync<T>(string applicantId, string? lookupId, HttpStatusCode expected) =>
        await JsonAsync<T>("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter", new
        {
            procedureCode = "1.004222",
            applicantId,
            applicantName = "Nguyễn Văn An",
            applicantLookupId = lookupId,
            documents = await DocumentsAsync("clerk.badinh"),
        }, expected);

    private async Task<string> FirstReasonAsync(Dossier dossier) =>
        (await JsonAsync<HistoryEntry[]>("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{dossier.Id}/history", HttpStatusCode.OK))[0].Reason ?? "";

    [Fact]
    public async Task A_dossier_whose_procedure_charges_nothing_online_has_nothing_to_pay()
    {
        var id = await OnlineDossierAsync();
        await ActAsync("clerk.badinh", id, "Accept", 1);
        await ActAsync("clerk.badinh", id, "RequestPayment", 2);

        using var response = await SendAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{id}/payment");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("fees", (await response.ReadAsync<Problem>()).Field);
    }

    [Fact]
    public async Task While_the_sandbox_is_stopped_signing_and_paying_answer_503_and_change_nothing_then_succeed_after_it_restarts()
    {
        var signing = await ProcessingDossierAsync();
        var resultId = await UploadResultAsync("clerk.badinh", signing);
        var paying = await CounterDossierAsync();
        await ActAsync("clerk.badinh", paying, "RequestPayment", 1);
        var signingBefore = (await DossierAsync(Applicant, signing)).Version;

        Sandbox.Stop();
        try
        {
            using var sign = await SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{signing}/results/{resultId}/signing");
            using var pay = await SendAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{paying}/payment");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, sign.StatusCode);
            Assert.NotNull(sign.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pay.StatusCode);
            Assert.Equal(signingBefore, (await DossierAsync(Applicant, signing)).Version);
            Assert.Equal("PaymentRequested", (await DossierAsync(Applicant, paying)).Status);
            var result = await JsonAsync<ResultView>("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{signing}/results/{resultId}", HttpStatusCode.OK);
            Assert.Equal("NotRequested", result.Signing.Status);
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
        var first = await JsonAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.Accepted);
        var paying = await CounterDossierAsync();
        await ActAsync("clerk.badinh", paying, "RequestPayment", 1);
        var lost = await JsonAsync<PaymentView>(Applicant, HttpMethod.Post, $"/api/dossiers/{paying}/payment", HttpStatusCode.Created);

        Sandbox.Stop();
        await Sandbox.StartAsync();

        var forgotten = await JsonAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Expired", forgotten.Status);
        Assert.Contains("no longer knows", forgotten.Reason, StringComparison.Ordinal);
        var again = await JsonAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.Accepted);
        Assert.NotEqual(first.TransactionId, again.TransactionId);
        await PhoneAsync(again.TransactionId!, "confirm");
        Assert.Equal("Completed", (await JsonAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{signing}/results/{resultId}/signing", HttpStatusCode.OK)).Status);

        var renewed = await JsonAsync<PaymentView>(Applicant, HttpMethod.Post, $"/api/dossiers/{paying}/payment", HttpStatusCode.Created);
        Assert.NotEqual(lost.OrderId, renewed.OrderId);
        var answer = await CallbackAsync<CallbackAnswer>(await PayAtGatewayAsync(renewed.OrderId), HttpStatusCode.OK);
        Assert.Equal("recorded", answer.Outcome);
        Assert.Equal("Received", (await DossierAsync(Applicant, paying)).Status);
    }

    private async Task<SigningView> SignAsync(string id, string resultId)
    {
        var requested = await JsonAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.Accepted);
        Assert.Equal("Pending", requested.Status);
        var pending = await JsonAsync<SigningView>("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
        Assert.Equal("Pending", pending.Status);
        await PhoneAsync(requested.TransactionId!, "confirm");
        return await JsonAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing", HttpStatusCode.OK);
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
        return (await response.ReadAsync<SandboxSettlement>()).Callback;
    }

    /// <summary>Delivers the gateway's IPN as the sandbox posts it (the in-process platform has no port the sandbox could reach).</summary>
    private async Task<T> CallbackAsync<T>(Dictionary<string, string> callback, HttpStatusCode expected)
    {
        using var response = await Client.PostAsJsonAsync("/api/payments/callback", callback, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.ReadAsync<T>();
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
        var created = await JsonAsync<Dossier>("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.004222", applicantId = ApplicantId, applicantName = "Nguyễn Văn An", documents }, HttpStatusCode.Created);
        return created.Id;
    }

    private async Task<string> OnlineDossierAsync()
    {
        var documents = await DocumentsAsync(Applicant);
        var created = await JsonAsync<Dossier>(Applicant, HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents }, HttpStatusCode.Created);
        return created.Id;
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
        return (await response.ReadAsync<Attachment>()).Id;
    }

    private async Task<string> UploadResultAsync(string user, string id)
    {
        using var response = await UploadAsync(user, $"/api/dossiers/{id}/results", "ket-qua.pdf", "application/pdf", ResultPdf);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.ReadAsync<ResultView>()).Id;
    }

    private async Task<HttpResponseMessage> UploadAsync(string user, string path, string name, string type, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var form = new MultipartFormDataContent { { file, "file", name } };
        return await SendAsync(user, HttpMethod.Post, path, form);
    }

    private Task<Dossier> ActAsync(string user, string id, string action, int expectedVersion) =>
        JsonAsync<Dossier>(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action, expectedVersion }, HttpStatusCode.OK);

    private Task<Dossier> DossierAsync(string user, string id) => JsonAsync<Dossier>(user, HttpMethod.Get, $"/api/dossiers/{id}", HttpStatusCode.OK);

    private Task<T> JsonAsync<T>(string user, HttpMethod method, string path, HttpStatusCode expected) => JsonAsync<T>(user, method, path, null, expected);

    private async Task<T> JsonAsync<T>(string user, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(user, method, path, body);
        Assert.True(response.StatusCode == expected, $"{user} {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.ReadAsync<T>();
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
