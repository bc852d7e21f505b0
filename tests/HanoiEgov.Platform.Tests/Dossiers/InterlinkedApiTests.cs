using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Interlinked dossiers through the API, end to end: the commune's officials decide the civil-status part in the back
/// office, the police's residence and identity-card systems and Social Security decide theirs on the sandbox through the
/// LGSP module, the population registry issues the child's personal ID. Real tokens, PostgreSQL, Orleans, HTTP. Births
/// and deaths declared today fall under Decree 301/2026's groups (3.000722, 2.002913).
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterlinkedApiTests(LocalServersFixture servers, VendorSandboxFixture sandbox)
    : HostedPlatformTests(servers, "interlinked"), IClassFixture<VendorSandboxFixture>
{
    private const string Mother = "tran.thi.binh";
    private const string MotherId = "001195012346";
    private const string Householder = "001090012345";
    private const string UnknownHouseholder = "001090099999";
    private const string Deceased = "001061521665";
    private const string DeclaredAddress = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội";

    // Children under 18 in the sandbox's population, and a well-formed personal ID of nobody in it.
    private const string Daughter = "001318157030";
    private const string Son = "001216013661";
    private const string UnknownRelative = "001318099999";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, string> tokens = [];

    private VendorSandboxServer Sandbox => sandbox.Server;

    protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        new Dictionary<string, string>(Sandbox.VendorSettings())
        {
            ["Capabilities:DigitalSignature"] = "VNPT",
            ["Capabilities:PopulationRegistry"] = "FPT",
            ["Capabilities:ResidenceRegistry"] = "LGSP",
            ["Capabilities:SocialInsurance"] = "LGSP",
            ["Capabilities:IdentityCardRegistry"] = "LGSP",
            ["Dossiers:Signing:TrustedRoots:0"] = await Sandbox.Client.GetStringAsync("vnpt/ca/root.pem", TestContext.Current.CancellationToken),
            ["Interlinked:PollEvery"] = "00:00:00.300",
        };

    [Fact]
    public async Task One_birth_declaration_registers_the_birth_then_residence_the_childs_insurance_card_and_identity_card_from_its_outputs_and_returns_all_results_together()
    {
        var submitted = await SubmitBirthAsync(Householder);

        Assert.StartsWith("00004-", submitted.Code, StringComparison.Ordinal);
        Assert.Equal(("3.000722", 1), (submitted.ProcedureCode, submitted.Status));
        Assert.Equal(["Started", "Planned", "Planned", "Planned"], submitted.Parts.Select(part => part.State));
        var birthPart = submitted.Part("birth");
        Assert.Equal("1.001193", birthPart.ProcedureCode);
        Assert.NotNull(birthPart.DossierId);
        Assert.True(submitted.DueAt > submitted.ReceivedAt);

        await DecideCommunePartAsync(birthPart.DossierId!);
        var done = await EventuallyAsync(submitted.Id, dossier => dossier.Completed);

        Assert.Equal(10, done.Status);
        Assert.All(done.Parts, part => Assert.Equal("Approved", part.State));
        Assert.Matches(@"^\d+/\d{4}$", done.RegistrationNumber!);
        Assert.Matches(@"^001\d{9}$", done.SubjectPersonalId!);
        Assert.Equal(done.RegistrationNumber, done.Part("birth").DocumentNumber);
        Assert.False(string.IsNullOrEmpty(done.Part("residence").DocumentNumber));
        Assert.False(string.IsNullOrEmpty(done.Part("health-insurance").DocumentNumber));
        Assert.False(string.IsNullOrEmpty(done.Part("identity-card").DocumentNumber));
        Assert.All(done.Parts.Skip(1), part => Assert.NotNull(part.Reference));
        Assert.All(done.Parts.Skip(1), part => Assert.True(part.StartedAt >= done.Part("birth").DecidedAt, $"{part.Key} started before the birth was registered"));
        Assert.True(done.Part("identity-card").StartedAt >= done.Part("residence").DecidedAt, "the identity card was asked for before the child's residence was registered");
        var verification = await JsonAsync<ChainReport>("head.badinh", HttpMethod.Get, $"/api/interlinked/{submitted.Id}/verification", null, HttpStatusCode.OK);
        Assert.True(verification.Intact);
        Assert.Equal(done.Version, verification.EventCount);
        var mine = await JsonAsync<InterlinkedDossier[]>(Mother, HttpMethod.Get, "/api/interlinked/mine", null, HttpStatusCode.OK);
        Assert.Contains(mine, dossier => dossier.Id == submitted.Id && dossier.Completed);
        var agency = await JsonAsync<InterlinkedDossier[]>("head.badinh", HttpMethod.Get, "/api/interlinked", null, HttpStatusCode.OK);
        Assert.Contains(agency, dossier => dossier.Id == submitted.Id);
    }

    [Fact]
    public async Task A_refused_residence_part_says_why_keeps_the_decided_parts_and_only_it_is_sent_again_after_the_applicants_correction()
    {
        var submitted = await SubmitBirthAsync(UnknownHouseholder);
        await DecideCommunePartAsync(submitted.Part("birth").DossierId!);

        var refused = await EventuallyAsync(submitted.Id, dossier => dossier.Part("residence").State == "Refused" && dossier.Part("health-insurance").State == "Approved");

        Assert.Equal(5, refused.Status);
        Assert.Equal("Planned", refused.Part("identity-card").State);
        Assert.Contains(UnknownHouseholder, refused.Part("residence").Reason, StringComparison.Ordinal);
        // Each part says what its correction takes and what it was sent with, to correct from.
        Assert.Equal(["householderPersonalId", "address"], refused.Part("residence").Corrects);
        Assert.Equal(new PartSentWith(UnknownHouseholder, DeclaredAddress, null), refused.Part("residence").SentWith);
        Assert.Equal(["address"], refused.Part("health-insurance").Corrects);
        Assert.Equal(DeclaredAddress, refused.Part("health-insurance").SentWith?.Address);
        Assert.Empty(refused.Part("identity-card").Corrects);
        Assert.Null(refused.Part("identity-card").SentWith);
        var card = refused.Part("health-insurance").DocumentNumber;
        var wrongPart = await JsonAsync<Problem>(Mother, HttpMethod.Post, $"/api/interlinked/{submitted.Id}/parts/health-insurance/resubmission",
            new { address = "Số 1 Phố Kim Mã, Phường Ba Đình, Hà Nội" }, HttpStatusCode.Conflict);
        Assert.Equal("key", wrongPart.Field);
        var survivorsForResidence = await JsonAsync<Problem>(Mother, HttpMethod.Post, $"/api/interlinked/{submitted.Id}/parts/residence/resubmission",
            new { householderPersonalId = Householder, survivors = Survivors("weekly") }, HttpStatusCode.BadRequest);
        Assert.Equal(["survivors"], survivorsForResidence.ErrorFields);
        var stranger = await SendAsync("nguyen.van.an", HttpMethod.Post, $"/api/interlinked/{submitted.Id}/parts/residence/resubmission", new { householderPersonalId = Householder });
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        var resubmitted = await JsonAsync<InterlinkedDossier>(Mother, HttpMethod.Post, $"/api/interlinked/{submitted.Id}/parts/residence/resubmission",
            new { householderPersonalId = Householder }, HttpStatusCode.OK);
        Assert.Equal(2, resubmitted.Part("residence").Attempt);
        Assert.Equal(new PartSentWith(Householder, DeclaredAddress, null), resubmitted.Part("residence").SentWith);

        var done = await EventuallyAsync(submitted.Id, dossier => dossier.Completed);
        Assert.Equal(10, done.Status);
        Assert.Equal(card, done.Part("health-insurance").DocumentNumber);
        Assert.Equal(1, done.Part("health-insurance").Attempt);
        Assert.NotEqual(refused.Part("residence").Reference, done.Part("residence").Reference);
    }

    [Fact]
    public async Task While_the_residence_system_is_down_its_part_waits_naming_it_and_goes_on_when_it_is_back()
    {
        var submitted = await SubmitBirthAsync(Householder);
        await SetResidenceDownAsync(true);
        try
        {
            await DecideCommunePartAsync(submitted.Part("birth").DossierId!);
            var waiting = await EventuallyAsync(submitted.Id, dossier => dossier.Part("residence").WaitingFor is not null);

            Assert.Equal("Planned", waiting.Part("residence").State);
            Assert.Contains("cư trú", waiting.Part("residence").WaitingFor, StringComparison.Ordinal);
            Assert.Equal(4, waiting.Status);
        }
        finally
        {
            await SetResidenceDownAsync(false);
        }

        var done = await EventuallyAsync(submitted.Id, dossier => dossier.Completed);
        Assert.Null(done.Part("residence").WaitingFor);
        Assert.Equal(1, done.Part("residence").Attempt);
    }

    [Fact]
    public async Task A_declaration_with_a_field_missing_or_a_mothers_id_failing_the_CCCD_rules_is_refused_naming_the_field_and_creates_nothing()
    {
        var documents = await DocumentsAsync(Mother, "to-khai", "giay-chung-sinh", "giay-to-tuy-than");
        var badMother = await JsonAsync<Problem>(Mother, HttpMethod.Post, "/api/interlinked/births", BirthBody(documents, Householder, motherId: "001195"), HttpStatusCode.BadRequest);
        var noName = BirthBody(documents, Householder);
        noName["child"]!["fullName"] = null;
        var missing = await JsonAsync<Problem>(Mother, HttpMethod.Post, "/api/interlinked/births", noName, HttpStatusCode.BadRequest);

        Assert.Contains("mother.personalId", badMother.ErrorFields);
        Assert.Contains("child.fullName", missing.ErrorFields);
        Assert.Empty(await JsonAsync<InterlinkedDossier[]>(Mother, HttpMethod.Get, "/api/interlinked/mine", null, HttpStatusCode.OK));
        Assert.Empty(await JsonAsync<Dossier[]>(Mother, HttpMethod.Get, "/api/dossiers", null, HttpStatusCode.OK));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM dossiers.interlinked_events"));
        // The staged documents were not taken: the corrected declaration uses them.
        await JsonAsync<InterlinkedDossier>(Mother, HttpMethod.Post, "/api/interlinked/births", BirthBody(documents, Householder), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_death_declaration_for_a_person_the_population_registry_does_not_know_is_refused_at_intake_with_the_reason()
    {
        var documents = await DocumentsAsync("nguyen.van.an", "to-khai", "giay-bao-tu");

        var refused = await JsonAsync<Problem>("nguyen.van.an", HttpMethod.Post, "/api/interlinked/deaths", DeathBody(documents, "001061599999"), HttpStatusCode.BadRequest);

        Assert.Contains("deceased.personalId", refused.ErrorFields);
        Assert.Contains("001061599999", refused.Errors!["deceased.personalId"][0], StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM dossiers.interlinked"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM dossiers.dossiers"));
    }

    [Fact]
    public async Task One_death_declaration_registers_the_death_then_removes_the_residence_and_pays_the_funeral_allowance()
    {
        var documents = await DocumentsAsync("nguyen.van.an", "to-khai", "giay-bao-tu");
        var submitted = await JsonAsync<InterlinkedDossier>("nguyen.van.an", HttpMethod.Post, "/api/interlinked/deaths", DeathBody(documents, "001061521665"), HttpStatusCode.Created);
        Assert.Equal(["death", "residence-removal", "funeral-allowance"], submitted.Parts.Select(part => part.Key));

        await DecideCommunePartAsync(submitted.Part("death").DossierId!);
        var done = await EventuallyAsync(submitted.Id, dossier => dossier.Completed, "nguyen.van.an");

        Assert.Equal(10, done.Status);
        Assert.Equal("001061521665", done.SubjectPersonalId);
        Assert.All(done.Parts, part => Assert.Equal("Approved", part.State));
    }

    [Fact]
    public async Task A_death_declared_with_two_relatives_claiming_the_monthly_survivor_allowance_sends_them_in_BHXHs_case_and_its_result_names_them()
    {
        var submitted = await DeclareDeathDecidedByTheCommuneAsync(
            Survivors("monthly", Relative(Daughter, "Lê Ngọc Vân", "2018-04-26"), Relative(Son, "Đỗ Anh Thắng", "2016-02-03")));

        var done = await EventuallyAsync(submitted.Id, dossier => dossier.Completed, "nguyen.van.an");

        Assert.All(done.Parts, part => Assert.Equal("Approved", part.State));
        // The sandbox's BHXH writes the summary from the request it received: the claim went with the funeral allowance, in one case.
        var allowance = done.Part("funeral-allowance");
        Assert.Equal("Hưởng chế độ tử tuất (trợ cấp mai táng, trợ cấp tuất)", allowance.Name);
        Assert.Contains("trợ cấp mai táng", allowance.Summary, StringComparison.Ordinal);
        Assert.Contains("trợ cấp tuất hằng tháng cho 2 thân nhân: Lê Ngọc Vân, Đỗ Anh Thắng", allowance.Summary, StringComparison.Ordinal);
        Assert.True((await JsonAsync<ChainReport>("head.badinh", HttpMethod.Get, $"/api/interlinked/{submitted.Id}/verification", null, HttpStatusCode.OK)).Intact);
    }

    [Fact]
    public async Task A_survivor_claim_naming_a_relative_the_population_database_does_not_hold_refuses_the_BHXH_part_naming_them_and_only_it_is_sent_again_with_the_claim_corrected()
    {
        var submitted = await DeclareDeathDecidedByTheCommuneAsync(
            Survivors("lump-sum", Relative(Daughter, "Lê Ngọc Vân", "2018-04-26"), Relative(UnknownRelative, "Ngô Thị Hoa", "2018-06-01")));

        var refused = await EventuallyAsync(submitted.Id,
            dossier => dossier.Part("funeral-allowance").State == "Refused" && dossier.Part("residence-removal").State == "Approved", "nguyen.van.an");

        Assert.Equal(5, refused.Status);
        Assert.Equal("Approved", refused.Part("death").State);
        Assert.Contains(UnknownRelative, refused.Part("funeral-allowance").Reason, StringComparison.Ordinal);
        Assert.Contains("Ngô Thị Hoa", refused.Part("funeral-allowance").Reason, StringComparison.Ordinal);
        var removal = refused.Part("residence-removal").DocumentNumber;
        Assert.False(string.IsNullOrEmpty(removal));
        Assert.Equal(["survivors", "withdrawSurvivors"], refused.Part("funeral-allowance").Corrects);
        Assert.Equal(["lump-sum", Daughter, UnknownRelative], [refused.Part("funeral-allowance").SentWith!.Survivors!.Form,
            .. refused.Part("funeral-allowance").SentWith!.Survivors!.Relatives.Select(relative => relative.PersonalId)]);
        var resubmission = $"/api/interlinked/{submitted.Id}/parts/funeral-allowance/resubmission";
        var both = await JsonAsync<Problem>("nguyen.van.an", HttpMethod.Post, resubmission,
            new { survivors = Survivors("lump-sum", Relative(Daughter, "Lê Ngọc Vân", "2018-04-26")), withdrawSurvivors = true }, HttpStatusCode.BadRequest);
        Assert.Equal(["withdrawSurvivors"], both.ErrorFields);
        var householder = await JsonAsync<Problem>("nguyen.van.an", HttpMethod.Post, resubmission, new { householderPersonalId = "00109" }, HttpStatusCode.BadRequest);
        Assert.Equal(["householderPersonalId"], householder.ErrorFields);
        Assert.StartsWith("Must not be given", householder.Errors!["householderPersonalId"][0], StringComparison.Ordinal);
        var deceasedAsRelative = await JsonAsync<Problem>("nguyen.van.an", HttpMethod.Post, resubmission,
            new { survivors = Survivors("lump-sum", Relative(Deceased, "Ngô Quốc Tuấn", "1961-09-08")) }, HttpStatusCode.BadRequest);
        Assert.Equal(["survivors.relatives[0].personalId"], deceasedAsRelative.ErrorFields);
        Assert.Equal(1, (await JsonAsync<InterlinkedDossier>("nguyen.van.an", HttpMethod.Get, $"/api/interlinked/{submitted.Id}", null, HttpStatusCode.OK))
            .Part("funeral-allowance").Attempt);

        var resubmitted = await JsonAsync<InterlinkedDossier>("nguyen.van.an", HttpMethod.Post, resubmission,
            new { survivors = Survivors("lump-sum", Relative(Daughter, "Lê Ngọc Vân", "2018-04-26")) }, HttpStatusCode.OK);
        Assert.Equal(2, resubmitted.Part("funeral-allowance").Attempt);
        Assert.Equal([Daughter], resubmitted.Part("funeral-allowance").SentWith!.Survivors!.Relatives.Select(relative => relative.PersonalId));

        var done = await EventuallyAsync(submitted.Id, dossier => dossier.Completed, "nguyen.van.an");
        Assert.Contains("trợ cấp tuất một lần cho 1 thân nhân: Lê Ngọc Vân", done.Part("funeral-allowance").Summary, StringComparison.Ordinal);
        Assert.Equal(removal, done.Part("residence-removal").DocumentNumber);
        Assert.Equal(1, done.Part("residence-removal").Attempt);
        Assert.True((await JsonAsync<ChainReport>("head.badinh", HttpMethod.Get, $"/api/interlinked/{submitted.Id}/verification", null, HttpStatusCode.OK)).Intact);
    }

    [Fact]
    public async Task A_refused_survivor_claim_can_be_withdrawn_so_the_funeral_allowance_alone_is_sent_again_and_paid()
    {
        var submitted = await DeclareDeathDecidedByTheCommuneAsync(Survivors("monthly", Relative(UnknownRelative, "Ngô Thị Hoa", "2018-06-01")));
        await EventuallyAsync(submitted.Id, dossier => dossier.Part("funeral-allowance").State == "Refused", "nguyen.van.an");
        var resubmission = $"/api/interlinked/{submitted.Id}/parts/funeral-allowance/resubmission";
        var removal = await JsonAsync<Problem>("nguyen.van.an", HttpMethod.Post, $"/api/interlinked/{submitted.Id}/parts/residence-removal/resubmission",
            new { withdrawSurvivors = true }, HttpStatusCode.BadRequest);
        Assert.StartsWith("Must not be given", removal.Errors!["withdrawSurvivors"][0], StringComparison.Ordinal);

        var withdrawn = await JsonAsync<InterlinkedDossier>("nguyen.van.an", HttpMethod.Post, resubmission, new { withdrawSurvivors = true }, HttpStatusCode.OK);
        Assert.Equal(2, withdrawn.Part("funeral-allowance").Attempt);
        Assert.Null(withdrawn.Part("funeral-allowance").SentWith!.Survivors);

        var done = await EventuallyAsync(submitted.Id, dossier => dossier.Completed, "nguyen.van.an");
        Assert.Equal("Approved", done.Part("funeral-allowance").State);
        Assert.DoesNotContain("trợ cấp tuất", done.Part("funeral-allowance").Summary, StringComparison.Ordinal);
        Assert.True((await JsonAsync<ChainReport>("head.badinh", HttpMethod.Get, $"/api/interlinked/{submitted.Id}/verification", null, HttpStatusCode.OK)).Intact);
    }

    [Theory]
    [InlineData("a form other than monthly or lump-sum", "survivors.form")]
    [InlineData("no relative", "survivors.relatives")]
    [InlineData("six relatives", "survivors.relatives")]
    [InlineData("a personal ID failing the CCCD rules", "survivors.relatives[1].personalId")]
    [InlineData("the deceased among the relatives", "survivors.relatives[1].personalId")]
    [InlineData("one relative twice", "survivors.relatives[1].personalId")]
    [InlineData("a relationship not in the list", "survivors.relatives[0].relationship")]
    [InlineData("a date of birth to come", "survivors.relatives[0].dateOfBirth")]
    public async Task A_survivor_claim_breaking_a_rule_is_refused_naming_the_field_and_creates_nothing(string breaking, string field)
    {
        var documents = await DocumentsAsync("nguyen.van.an", "to-khai", "giay-bao-tu");
        var daughter = Relative(Daughter, "Lê Ngọc Vân", "2018-04-26");
        var survivors = breaking switch
        {
            "a form other than monthly or lump-sum" => Survivors("weekly", daughter),
            "no relative" => Survivors("monthly"),
            "six relatives" => Survivors("monthly", [.. Enumerable.Range(0, 6).Select(index => Relative($"00131815{index:0000}", $"Thân nhân {index}", "2018-04-26"))]),
            "a personal ID failing the CCCD rules" => Survivors("monthly", daughter, Relative("00121601366", "Đỗ Anh Thắng", "2016-02-03")),
            "the deceased among the relatives" => Survivors("monthly", daughter, Relative(Deceased, "Ngô Quốc Tuấn", "1961-09-08")),
            "one relative twice" => Survivors("monthly", daughter, Relative(Daughter, "Lê Ngọc Vân", "2018-04-26")),
            "a relationship not in the list" => Survivors("monthly", Relative(Daughter, "Lê Ngọc Vân", "2018-04-26", "Hàng xóm")),
            _ => Survivors("monthly", Relative(Daughter, "Lê Ngọc Vân", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
        };

        var problem = await JsonAsync<Problem>("nguyen.van.an", HttpMethod.Post, "/api/interlinked/deaths", DeathBody(documents, Deceased, survivors), HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.ErrorFields);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM dossiers.interlinked"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM dossiers.dossiers"));
    }

    [Fact]
    public async Task Statistics_count_each_interlinked_whole_once_in_its_group_in_progress_then_on_time_or_late_against_the_wholes_due_time()
    {
        var period = $"from={DateTime.UtcNow.AddHours(7).AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow.AddHours(7).AddDays(1):yyyy-MM-dd}";
        var onTime = await SubmitBirthAsync(Householder);
        var late = await SubmitBirthAsync(Householder);
        // The second whole's due time has passed (as after three working days): the read model's due time is set back.
        await ExecuteAsync($"UPDATE dossiers.interlinked SET due_at = received_at WHERE id = '{late.Id}'");

        var open = await JsonAsync<InterlinkedStatistics>("head.badinh", HttpMethod.Get, $"/api/statistics/interlinked?{period}", null, HttpStatusCode.OK);
        Assert.Equal("00004", open.Agency);
        Assert.Equal(["2.000986", "2.002622", "2.002913", "3.000722"], open.Groups.Select(group => group.GroupCode));
        Assert.Equal((2L, 2L, 1L, 0L, 0L), (open.Group("3.000722").Received, open.Group("3.000722").InProgress, open.Group("3.000722").Overdue,
            open.Group("3.000722").CompletedOnTime, open.Group("3.000722").CompletedLate));
        Assert.Equal(0, open.Group("2.002913").Received);

        await DecideCommunePartAsync(onTime.Part("birth").DossierId!);
        await DecideCommunePartAsync(late.Part("birth").DossierId!);
        await EventuallyAsync(onTime.Id, dossier => dossier.Completed);
        await EventuallyAsync(late.Id, dossier => dossier.Completed);

        var done = await JsonAsync<InterlinkedStatistics>("head.badinh", HttpMethod.Get, $"/api/statistics/interlinked?{period}", null, HttpStatusCode.OK);
        var births = done.Group("3.000722");
        Assert.Equal((2L, 0L, 0L, 1L, 1L, 0L), (births.Received, births.InProgress, births.Overdue, births.CompletedOnTime, births.CompletedLate, births.Closed));
        Assert.Equal(0.5, births.OnTimeRate);
        Assert.Equal(births with { GroupCode = null }, done.Total);
        Assert.Equal(births, Assert.Single(done.Communes));
        var city = await JsonAsync<InterlinkedStatistics>("admin", HttpMethod.Get, $"/api/statistics/interlinked?{period}", null, HttpStatusCode.OK);
        Assert.Null(city.Agency);
        Assert.Equal(2, city.Total.Received);
        Assert.Equal("00004", Assert.Single(city.Communes).Agency);
        Assert.Equal(0, (await JsonAsync<InterlinkedStatistics>("head.hoankiem", HttpMethod.Get, $"/api/statistics/interlinked?{period}", null, HttpStatusCode.OK)).Total.Received);

        // The commune parts are ordinary dossiers, in the ordinary figures; the wholes are not.
        var ordinary = (await JsonAsync<StatisticsSeries>("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers/series?{period}", null, HttpStatusCode.OK)).Total;
        Assert.Equal(2, ordinary.Received);
        Assert.Equal(["1.001193"], ordinary.Procedures.Select(procedure => procedure.ProcedureCode));

        await JsonAsync<Problem>("head.badinh", HttpMethod.Get, $"/api/statistics/interlinked?agency=00070&{period}", null, HttpStatusCode.Forbidden);
        await JsonAsync<Problem>(Mother, HttpMethod.Get, $"/api/statistics/interlinked?{period}", null, HttpStatusCode.Forbidden);
        Assert.Equal(["to"], (await JsonAsync<Problem>("admin", HttpMethod.Get, "/api/statistics/interlinked?from=2026-02-01&to=2026-01-01", null, HttpStatusCode.BadRequest)).ErrorFields);
        Assert.Equal(["agency"], (await JsonAsync<Problem>("admin", HttpMethod.Get, $"/api/statistics/interlinked?agency=99999&{period}", null, HttpStatusCode.BadRequest)).ErrorFields);
    }

    [Fact]
    public async Task An_interlinked_dossier_is_visible_to_its_applicant_and_the_receiving_communes_officials_and_to_no_one_else()
    {
        var submitted = await SubmitBirthAsync(Householder);

        foreach (var user in new[] { Mother, "clerk.badinh", "official.badinh", "head.badinh" })
        {
            using var seen = await SendAsync(user, HttpMethod.Get, $"/api/interlinked/{submitted.Id}");
            Assert.True(seen.StatusCode == HttpStatusCode.OK, user);
        }

        foreach (var user in new[] { "nguyen.van.an", "clerk.hoankiem", "head.hoankiem" })
        {
            using var hidden = await SendAsync(user, HttpMethod.Get, $"/api/interlinked/{submitted.Id}");
            Assert.True(hidden.StatusCode == HttpStatusCode.NotFound, user);
            using var verification = await SendAsync(user, HttpMethod.Get, $"/api/interlinked/{submitted.Id}/verification");
            Assert.True(verification.StatusCode == HttpStatusCode.NotFound, user);
        }

        Assert.DoesNotContain(await JsonAsync<InterlinkedDossier[]>("head.hoankiem", HttpMethod.Get, "/api/interlinked", null, HttpStatusCode.OK),
            dossier => dossier.Id == submitted.Id);
    }

    [Fact]
    public async Task The_same_declaration_sent_twice_under_one_Idempotency_Key_is_one_interlinked_dossier_with_one_birth_part()
    {
        var documents = await DocumentsAsync(Mother, "to-khai", "giay-chung-sinh", "giay-to-tuy-than");
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await SendAsync(Mother, HttpMethod.Post, "/api/interlinked/births", BirthBody(documents, Householder), key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }));

        Assert.Contains(answers, answer => answer.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM dossiers.interlinked"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM dossiers.dossiers WHERE procedure_code = '1.001193'"));
    }

    private async Task<InterlinkedDossier> SubmitBirthAsync(string householder)
    {
        var documents = await DocumentsAsync(Mother, "to-khai", "giay-chung-sinh", "giay-to-tuy-than");
        return await JsonAsync<InterlinkedDossier>(Mother, HttpMethod.Post, "/api/interlinked/births", BirthBody(documents, householder), HttpStatusCode.Created);
    }

    private static JsonObject BirthBody(object[] documents, string householder, string motherId = MotherId) => JsonNode.Parse(JsonContent.Create(new
    {
        agency = "00004",
        child = new { fullName = "Nguyễn Minh Khôi", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)), gender = "Nam", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
        mother = new { personalId = motherId, fullName = "Trần Thị Bình" },
        father = new { personalId = Householder, fullName = "Nguyễn Văn An" },
        residence = new { householderPersonalId = householder, address = DeclaredAddress },
        documents,
    }).ReadAsStringAsync().Result)!.AsObject();

    private static JsonObject DeathBody(object[] documents, string deceasedId, JsonObject? survivors = null)
    {
        var body = JsonNode.Parse(JsonContent.Create(new
        {
            agency = "00004",
            deceased = new { personalId = deceasedId, fullName = "Ngô Quốc Tuấn", dateOfDeath = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)), placeOfDeath = "Bệnh viện Bạch Mai" },
            relationship = "Con",
            documents,
        }).ReadAsStringAsync().Result)!.AsObject();
        if (survivors is not null)
        {
            body["survivors"] = survivors;
        }

        return body;
    }

    /// <summary>The demo citizen declares Ngô Quốc Tuấn's death with <paramref name="survivors"/>; the commune registers it.</summary>
    private async Task<InterlinkedDossier> DeclareDeathDecidedByTheCommuneAsync(JsonObject survivors)
    {
        var documents = await DocumentsAsync("nguyen.van.an", "to-khai", "giay-bao-tu");
        var submitted = await JsonAsync<InterlinkedDossier>("nguyen.van.an", HttpMethod.Post, "/api/interlinked/deaths", DeathBody(documents, Deceased, survivors), HttpStatusCode.Created);
        await DecideCommunePartAsync(submitted.Part("death").DossierId!);
        return submitted;
    }

    private static JsonObject Survivors(string form, params JsonObject[] relatives) => new() { ["form"] = form, ["relatives"] = new JsonArray([.. relatives]) };

    private static JsonObject Relative(string personalId, string fullName, string dateOfBirth, string relationship = "Con") =>
        new() { ["personalId"] = personalId, ["fullName"] = fullName, ["relationship"] = relationship, ["dateOfBirth"] = dateOfBirth };

    /// <summary>The commune decides its part as any dossier: received, processed, approved, its result uploaded and signed by the head.</summary>
    private async Task DecideCommunePartAsync(string dossierId)
    {
        await ActAsync("clerk.badinh", dossierId, "Accept", 1);
        await new DemoUserCalls(Servers, Client).ApproveWithSignedResultAsync(dossierId, 2, Sandbox.Client);
    }

    private async Task SetResidenceDownAsync(bool down)
    {
        var settings = (await Sandbox.Client.GetFromJsonAsync<JsonObject>("sandbox/settings", TestContext.Current.CancellationToken))!;
        settings["residenceDown"] = down;
        using var put = await Sandbox.Client.PutAsJsonAsync("sandbox/settings", settings, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();
    }

    private async Task<InterlinkedDossier> EventuallyAsync(string id, Func<InterlinkedDossier, bool> reached, string user = Mother)
    {
        InterlinkedDossier? last = null;
        try
        {
            return await Eventually.FindAsync(
                async () =>
                {
                    last = await JsonAsync<InterlinkedDossier>(user, HttpMethod.Get, $"/api/interlinked/{id}", null, HttpStatusCode.OK);
                    return reached(last) ? last : null;
                },
                Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The interlinked dossier did not get there; it stands at: {last}");
            throw;
        }
    }

    private async Task<object[]> DocumentsAsync(string user, params string[] codes)
    {
        var documents = new List<object>();
        foreach (var code in codes)
        {
            var file = new ByteArrayContent("%PDF-1.4 giấy tờ"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var form = new MultipartFormDataContent { { file, "file", $"{code}.pdf" } };
            var attachment = await JsonAsync<Attachment>(user, HttpMethod.Post, "/api/attachments", form, HttpStatusCode.Created);
            documents.Add(new { documentCode = code, attachmentId = attachment.Id });
        }

        return [.. documents];
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand(sql, connection);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private Task<Dossier> ActAsync(string user, string id, string action, int expectedVersion) =>
        JsonAsync<Dossier>(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action, expectedVersion }, HttpStatusCode.OK);

    private async Task<T> JsonAsync<T>(string user, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(user, method, path, body);
        Assert.True(response.StatusCode == expected, $"{user} {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.ReadAsync<T>();
    }

    private async Task<HttpResponseMessage> SendAsync(string user, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (!tokens.TryGetValue(user, out var token))
        {
            var client = user.Split('.')[0] is "clerk" or "head" or "official" or "admin" ? "officials-portal" : "citizen-portal";
            token = tokens[user] = (await Servers.Tokens.SignInAsync(user, client)).GetProperty("access_token").GetString()!;
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
