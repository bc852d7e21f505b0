using System.Net;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Interlinked dossiers registered at the one-stop counter: a clerk of Phường Ba Đình registers the declaration a citizen
/// brings, the citizen follows it as if submitted online, and the parts are decided as they are online (the commune in
/// the back office, the police's and Social Security's systems on the LGSP sandbox, the child's ID by the FPT registry).
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterlinkedCounterApiTests(LocalServersFixture servers, VendorSandboxFixture sandbox)
    : HostedPlatformTests(servers, "interlinked-counter"), IClassFixture<VendorSandboxFixture>
{
    private const string Clerk = "clerk.badinh";
    private const string Mother = "tran.thi.binh";
    private const string MotherId = "001195012346";
    private const string Son = "nguyen.van.an";
    private const string SonId = "001090012345";

    private DemoUserCalls? calls;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        new Dictionary<string, string>(sandbox.Server.VendorSettings())
        {
            ["Capabilities:DigitalSignature"] = "VNPT",
            ["Capabilities:PopulationRegistry"] = "FPT",
            ["Capabilities:ResidenceRegistry"] = "LGSP",
            ["Capabilities:SocialInsurance"] = "LGSP",
            ["Capabilities:IdentityCardRegistry"] = "LGSP",
            ["Dossiers:Signing:TrustedRoots:0"] = await sandbox.Server.Client.GetStringAsync("vnpt/ca/root.pem", TestContext.Current.CancellationToken),
            ["Interlinked:PollEvery"] = "00:00:00.300",
        };

    [Fact]
    public async Task A_birth_declaration_registered_at_the_counter_gets_the_clerks_commune_code_a_receipt_and_goes_end_to_end_for_the_citizen_named()
    {
        var registered = await RegisterAsync("births", BirthBody(await DocumentsAsync("to-khai", "giay-chung-sinh", "giay-to-tuy-than"), MotherId), HttpStatusCode.Created);

        await EndToEndAsync(registered, Mother, MotherId, "birth");
        var done = await CompletedAsync(registered.Id, Mother);
        Assert.Matches(@"^001\d{9}$", done.SubjectPersonalId!);
    }

    [Fact]
    public async Task A_death_declaration_registered_at_the_counter_gets_the_clerks_commune_code_a_receipt_and_goes_end_to_end_for_the_citizen_named()
    {
        var registered = await RegisterAsync("deaths", new
        {
            applicant = new { personalId = SonId, fullName = "Nguyễn Văn An" },
            deceased = new { personalId = "001061521665", fullName = "Ngô Quốc Tuấn", dateOfDeath = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)), placeOfDeath = "Bệnh viện Bạch Mai" },
            relationship = "Con",
            documents = await DocumentsAsync("to-khai", "giay-bao-tu"),
        }, HttpStatusCode.Created);

        await EndToEndAsync(registered, Son, SonId, "death");
        Assert.Equal("001061521665", (await CompletedAsync(registered.Id, Son)).SubjectPersonalId);
    }

    [Fact]
    public async Task A_counter_declaration_with_a_bad_applicants_ID_or_no_childs_name_is_refused_naming_the_field_and_creates_nothing()
    {
        var documents = await DocumentsAsync("to-khai", "giay-chung-sinh", "giay-to-tuy-than");

        var badApplicant = await RegisterAsync<Problem>("births", BirthBody(documents, "001195"), HttpStatusCode.BadRequest);
        var noName = await RegisterAsync<Problem>("births", BirthBody(documents, MotherId, childName: null), HttpStatusCode.BadRequest);

        Assert.Contains("applicant.personalId", badApplicant.ErrorFields);
        Assert.Contains("child.fullName", noName.ErrorFields);
        Assert.DoesNotContain("applicant.personalId", noName.ErrorFields);
        Assert.Empty(await Calls.GetOkAsync<InterlinkedDossier[]>(Clerk, "/api/interlinked"));
        Assert.Empty(await Calls.GetOkAsync<InterlinkedDossier[]>(Mother, "/api/interlinked/mine"));
        Assert.Empty(await Calls.GetOkAsync<Dossier[]>(Mother, "/api/dossiers"));
    }

    [Theory]
    [InlineData("births")]
    [InlineData("deaths")]
    public async Task A_citizen_cannot_register_at_the_counter(string group)
    {
        using var refused = await Calls.SendAsync(Mother, HttpMethod.Post, $"/api/interlinked/{group}/counter", new { applicant = new { personalId = MotherId, fullName = "Trần Thị Bình" } });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Empty(await Calls.GetOkAsync<InterlinkedDossier[]>(Mother, "/api/interlinked/mine"));
    }

    private static object BirthBody(object[] documents, string applicantId, string? childName = "Nguyễn Minh Khôi") => new
    {
        applicant = new { personalId = applicantId, fullName = "Trần Thị Bình" },
        child = new { fullName = childName, dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)), gender = "Nam", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
        mother = new { personalId = MotherId, fullName = "Trần Thị Bình" },
        residence = new { householderPersonalId = SonId, address = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội" },
        documents,
    };

    /// <summary>
    /// Registered at the counter of the clerk's commune for the citizen named, who sees it among their own; the commune
    /// part prints form 01; once the commune decides its part, the systems decide theirs and the whole completes.
    /// </summary>
    private async Task EndToEndAsync(InterlinkedDossier registered, string citizen, string citizenId, string communePart)
    {
        Assert.Equal("counter", registered.Channel);
        Assert.StartsWith("00004-", registered.Code, StringComparison.Ordinal);
        Assert.Equal("00004", registered.Agency);
        Assert.Equal(citizenId, registered.ApplicantId);
        Assert.Contains(await Calls.GetOkAsync<InterlinkedDossier[]>(citizen, "/api/interlinked/mine"), dossier => dossier.Id == registered.Id);
        var part = registered.Part(communePart).DossierId!;
        using (var receipt = await Calls.GetOkAsync(Clerk, $"/api/dossiers/{part}/forms/01"))
        {
            Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
            var printed = PdfText.Of(await receipt.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            Assert.Contains($"hồ sơ liên thông mã {registered.Code}", printed, StringComparison.Ordinal);
            Assert.Contains(registered.DueAt.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), printed, StringComparison.Ordinal);
        }

        await Calls.ApproveWithSignedResultAsync(part, 1, sandbox.Server.Client);
    }

    private async Task<InterlinkedDossier> CompletedAsync(string id, string citizen)
    {
        InterlinkedDossier? last = null;
        try
        {
            var done = await Eventually.FindAsync(
                async () => (last = await Calls.GetOkAsync<InterlinkedDossier>(citizen, $"/api/interlinked/{id}")).Completed ? last : null,
                TimeSpan.FromSeconds(60));
            Assert.Equal(10, done.Status);
            Assert.All(done.Parts, part => Assert.Equal("Approved", part.State));
            Assert.All(done.Parts.Skip(1), part => Assert.NotNull(part.Reference));
            return done;
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The counter's interlinked dossier did not complete; it stands at: {last}");
            throw;
        }
    }

    private async Task<T> RegisterAsync<T>(string group, object body, HttpStatusCode expected)
    {
        using var response = await Calls.SendAsync(Clerk, HttpMethod.Post, $"/api/interlinked/{group}/counter", body);
        Assert.True(response.StatusCode == expected, $"{group} at the counter: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.ReadAsync<T>();
    }

    private Task<InterlinkedDossier> RegisterAsync(string group, object body, HttpStatusCode expected) => RegisterAsync<InterlinkedDossier>(group, body, expected);

    private async Task<object[]> DocumentsAsync(params string[] codes)
    {
        var documents = new List<object>();
        foreach (var code in codes)
        {
            documents.Add(new { documentCode = code, attachmentId = await Calls.UploadAsync(Clerk, $"{code}.pdf", "%PDF-1.4 bản quét tại quầy"u8.ToArray()) });
        }

        return [.. documents];
    }
}
