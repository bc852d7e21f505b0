namespace HanoiEgov.Vendors.ConformanceKit;

/// <summary>
/// What the conformance of the external systems shares: a case is filed pending with the system's own reference,
/// and is decided later; polling <c>GetCaseAsync</c> sees the decision.
/// </summary>
public abstract class ExternalCaseConformance : Conformance
{
    /// <summary>A personal ID of a person the system (and the population registry behind it) knows.</summary>
    protected abstract string KnownPersonalId { get; }

    /// <summary>A well-formed personal ID of nobody the registry holds. Default 001099000000.</summary>
    protected virtual string UnknownPersonalId => "001099000000";

    /// <summary>The key of the case the outage probe files (the same each time, so the probe files one case).</summary>
    protected string ProbeKey { get; } = $"probe-{Guid.NewGuid():N}";

    /// <summary>The case's state as <paramref name="get"/> reads it once the system has decided it.</summary>
    protected async Task<ExternalCase> DecidedAsync(Func<Task<VendorResult<ExternalCase>>> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        ExternalCase? decided = null;
        await Eventually(
            async () => (decided = Succeeds(await get())).State != ExternalCaseState.Pending,
            SettleWithin,
            "the case is decided");
        return decided!;
    }

    /// <summary>A case just filed: pending, with a reference and no decision.</summary>
    protected static ExternalCase AssertFiled(VendorResult<ExternalCase> result)
    {
        var filed = Succeeds(result);
        Assert.False(string.IsNullOrWhiteSpace(filed.Reference));
        Assert.Equal(ExternalCaseState.Pending, filed.State);
        Assert.Null(filed.DecidedAt);
        Assert.Null(filed.Decision);
        return filed;
    }

    /// <summary>An approved case: its document number and summary, decided after it was submitted.</summary>
    protected static ExternalDecision AssertApproved(ExternalCase filed, ExternalCase decided)
    {
        ArgumentNullException.ThrowIfNull(filed);
        ArgumentNullException.ThrowIfNull(decided);
        Assert.Equal((filed.Reference, ExternalCaseState.Approved), (decided.Reference, decided.State));
        Assert.NotNull(decided.Decision);
        Assert.False(string.IsNullOrWhiteSpace(decided.Decision.DocumentNumber));
        Assert.False(string.IsNullOrWhiteSpace(decided.Decision.Summary));
        Assert.True(decided.DecidedAt >= decided.SubmittedAt, $"Decided at {decided.DecidedAt}, submitted at {decided.SubmittedAt}.");
        Assert.Null(decided.Reason);
        return decided.Decision;
    }

    /// <summary>A refused case: a reason, no decision.</summary>
    protected static string AssertRefused(ExternalCase decided)
    {
        ArgumentNullException.ThrowIfNull(decided);
        Assert.Equal(ExternalCaseState.Refused, decided.State);
        Assert.Null(decided.Decision);
        Assert.False(string.IsNullOrWhiteSpace(decided.Reason));
        Assert.NotNull(decided.DecidedAt);
        return decided.Reason;
    }

    /// <summary>A fresh idempotency key, as the platform's part id.</summary>
    protected static string NewKey() => $"part-{Guid.NewGuid():N}";
}

/// <summary>
/// The conformance of an <see cref="IResidenceRegistry"/>: registration and removal filed pending with the
/// system's reference and then decided; the same key the same case; an unknown householder or person refused with
/// a reason; malformed input refused before any call (even while the system is down); unknown references not found.
/// </summary>
public abstract class ResidenceRegistryConformance : ExternalCaseConformance
{
    /// <summary>The registry under test.</summary>
    protected abstract IResidenceRegistry Registry { get; }

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Registry.RegisterPermanentResidenceAsync(Registration(ProbeKey), cancellationToken)).Failure;

    /// <summary>A registration is pending with the system's reference, then approved with a residence confirmation number.</summary>
    [Fact]
    public async Task A_registration_is_pending_with_the_systems_reference_then_approved_with_a_document_number()
    {
        var filed = AssertFiled(await Registry.RegisterPermanentResidenceAsync(Registration(NewKey()), Cancellation));

        var decided = await DecidedAsync(() => Registry.GetCaseAsync(filed.Reference, Cancellation));

        AssertApproved(filed, decided);
    }

    /// <summary>The same key twice is the same case, before and after the decision; another request under it is a conflict.</summary>
    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_case_and_never_files_a_second()
    {
        var request = Registration(NewKey());
        var first = AssertFiled(await Registry.RegisterPermanentResidenceAsync(request, Cancellation));

        var again = Succeeds(await Registry.RegisterPermanentResidenceAsync(request, Cancellation));
        await DecidedAsync(() => Registry.GetCaseAsync(first.Reference, Cancellation));
        var afterDecision = Succeeds(await Registry.RegisterPermanentResidenceAsync(request, Cancellation));

        Assert.Equal(first.Reference, again.Reference);
        Assert.Equal((first.Reference, ExternalCaseState.Approved), (afterDecision.Reference, afterDecision.State));
        FailsWith(VendorFailureCodes.IdempotencyConflict, await Registry.RegisterPermanentResidenceAsync(request with { Address = "Số 1 Tràng Tiền" }, Cancellation));
    }

    /// <summary>A householder the residence database does not hold: the case is refused with a reason (an answer, not a failure).</summary>
    [Fact]
    public async Task A_registration_into_an_unknown_householders_household_is_refused_with_a_reason()
    {
        var filed = AssertFiled(await Registry.RegisterPermanentResidenceAsync(Registration(NewKey()) with { HouseholderPersonalId = UnknownPersonalId }, Cancellation));

        var reason = AssertRefused(await DecidedAsync(() => Registry.GetCaseAsync(filed.Reference, Cancellation)));

        Assert.Contains(UnknownPersonalId, reason, StringComparison.Ordinal);
    }

    /// <summary>A removal of a known person is approved; of a person the database does not hold, refused with a reason.</summary>
    [Fact]
    public async Task A_removal_is_approved_for_a_known_person_and_refused_with_a_reason_for_an_unknown_one()
    {
        var known = AssertFiled(await Registry.RemovePermanentResidenceAsync(Removal(NewKey(), KnownPersonalId), Cancellation));
        var unknown = AssertFiled(await Registry.RemovePermanentResidenceAsync(Removal(NewKey(), UnknownPersonalId), Cancellation));

        AssertApproved(known, await DecidedAsync(() => Registry.GetCaseAsync(known.Reference, Cancellation)));
        Assert.Contains(UnknownPersonalId, AssertRefused(await DecidedAsync(() => Registry.GetCaseAsync(unknown.Reference, Cancellation))), StringComparison.Ordinal);
    }

    /// <summary>Malformed personal IDs and missing fields are refused with a code naming the field, before any call: even while the system is down.</summary>
    [Fact]
    public async Task Malformed_input_is_refused_naming_the_field_before_any_call()
    {
        await using (await SimulateOutageAsync(Cancellation))
        {
            Assert.Contains("householderPersonalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Registry.RegisterPermanentResidenceAsync(Registration(NewKey()) with { HouseholderPersonalId = "000090012345" }, Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("personalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Registry.RemovePermanentResidenceAsync(Removal(NewKey(), "12345"), Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("address", FailsWith(VendorFailureCodes.InvalidRequest,
                await Registry.RegisterPermanentResidenceAsync(Registration(NewKey()) with { Address = " " }, Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("idempotencyKey", FailsWith(VendorFailureCodes.InvalidRequest,
                await Registry.RegisterPermanentResidenceAsync(Registration(""), Cancellation)).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A reference the system never issued is not found.</summary>
    [Fact]
    public async Task An_unknown_case_reference_is_not_found() =>
        FailsWith(VendorFailureCodes.NotFound, await Registry.GetCaseAsync("CT-19000101-1", Cancellation));

    /// <summary>A newborn's registration into the known person's household (the known person stands in for the child too).</summary>
    protected ResidenceRegistration Registration(string key) =>
        new(key, KnownPersonalId, "Nguyễn Minh Khang", new DateOnly(2026, 1, 15), KnownPersonalId, "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội", "00004", "125/2026");

    /// <summary>A deceased person's removal.</summary>
    protected static ResidenceRemoval Removal(string key, string personalId) =>
        new(key, personalId, "Nguyễn Văn An", new DateOnly(2026, 1, 10), "37/2026", "00004");
}

/// <summary>
/// The conformance of an <see cref="ISocialInsurance"/>: a child's card and a funeral allowance filed pending with
/// BHXH's reference and then decided (a 10-character BHXH code, a payment reference); the same key the same case;
/// a malformed birth registration number or an unknown claimant refused with a reason; malformed input refused
/// before any call; unknown references not found. The allowance may carry the relatives' survivor allowance claim:
/// one case, approved naming both allowances, or refused naming the relative (unknown, or an adult child claiming
/// monthly); the same claim under the same key the same case.
/// </summary>
public abstract class SocialInsuranceConformance : ExternalCaseConformance
{
    /// <summary>The system under test.</summary>
    protected abstract ISocialInsurance Insurance { get; }

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Insurance.IssueChildHealthInsuranceCardAsync(Card(ProbeKey), cancellationToken)).Failure;

    /// <summary>A child's card is pending with BHXH's reference, then approved with the card's 10-character BHXH code.</summary>
    [Fact]
    public async Task A_childs_card_is_pending_with_the_systems_reference_then_approved_with_a_ten_character_code()
    {
        var filed = AssertFiled(await Insurance.IssueChildHealthInsuranceCardAsync(Card(NewKey()), Cancellation));

        var decision = AssertApproved(filed, await DecidedAsync(() => Insurance.GetCaseAsync(filed.Reference, Cancellation)));

        Assert.Equal(10, decision.DocumentNumber.Length);
    }

    /// <summary>A funeral allowance claimed by a known person is approved with a payment reference.</summary>
    [Fact]
    public async Task A_funeral_allowance_claimed_by_a_known_person_is_approved_with_a_payment_reference()
    {
        var filed = AssertFiled(await Insurance.PayFuneralAllowanceAsync(Allowance(NewKey(), KnownPersonalId), Cancellation));

        AssertApproved(filed, await DecidedAsync(() => Insurance.GetCaseAsync(filed.Reference, Cancellation)));
    }

    /// <summary>The same key twice is the same case; another request under it is a conflict.</summary>
    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_case_and_never_files_a_second()
    {
        var request = Allowance(NewKey(), KnownPersonalId);
        var first = AssertFiled(await Insurance.PayFuneralAllowanceAsync(request, Cancellation));

        var again = Succeeds(await Insurance.PayFuneralAllowanceAsync(request, Cancellation));

        Assert.Equal(first.Reference, again.Reference);
        FailsWith(VendorFailureCodes.IdempotencyConflict, await Insurance.PayFuneralAllowanceAsync(request with { ClaimantName = "Trần Văn Bình" }, Cancellation));
    }

    /// <summary>A card whose birth registration number is not in the register's shape, and an allowance for an unknown claimant, are refused with reasons.</summary>
    [Fact]
    public async Task A_malformed_birth_registration_or_an_unknown_claimant_is_refused_with_a_reason()
    {
        var card = AssertFiled(await Insurance.IssueChildHealthInsuranceCardAsync(Card(NewKey()) with { BirthRegistrationNumber = "KS-không-số" }, Cancellation));
        var allowance = AssertFiled(await Insurance.PayFuneralAllowanceAsync(Allowance(NewKey(), UnknownPersonalId), Cancellation));

        Assert.Contains("KS-không-số", AssertRefused(await DecidedAsync(() => Insurance.GetCaseAsync(card.Reference, Cancellation))), StringComparison.Ordinal);
        Assert.Contains(UnknownPersonalId, AssertRefused(await DecidedAsync(() => Insurance.GetCaseAsync(allowance.Reference, Cancellation))), StringComparison.Ordinal);
    }

    /// <summary>Malformed personal IDs and missing fields are refused with a code naming the field, before any call: even while the system is down.</summary>
    [Fact]
    public async Task Malformed_input_is_refused_naming_the_field_before_any_call()
    {
        await using (await SimulateOutageAsync(Cancellation))
        {
            Assert.Contains("claimantPersonalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Insurance.PayFuneralAllowanceAsync(Allowance(NewKey(), "00109001234X"), Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("personalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Insurance.IssueChildHealthInsuranceCardAsync(Card(NewKey()) with { PersonalId = "097090012345" }, Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("birthRegistrationNumber", FailsWith(VendorFailureCodes.InvalidRequest,
                await Insurance.IssueChildHealthInsuranceCardAsync(Card(NewKey()) with { BirthRegistrationNumber = "" }, Cancellation)).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The funeral allowance with the relatives' survivor allowance claim is one case, approved with a summary naming both allowances.</summary>
    [Fact]
    public async Task A_funeral_allowance_carrying_the_relatives_survivor_claim_is_one_case_approved_naming_both_allowances()
    {
        var filed = AssertFiled(await Insurance.PayFuneralAllowanceAsync(
            Allowance(NewKey(), KnownPersonalId) with { Survivors = Claim(SurvivorBenefitForms.Monthly, "Vợ") }, Cancellation));

        var decision = AssertApproved(filed, await DecidedAsync(() => Insurance.GetCaseAsync(filed.Reference, Cancellation)));

        Assert.Contains("trợ cấp mai táng", decision.Summary, StringComparison.Ordinal);
        Assert.Contains("trợ cấp tuất hằng tháng cho 1 thân nhân", decision.Summary, StringComparison.Ordinal);
    }

    /// <summary>The same key with an equal claim (built again) is the same case; another claim under it is a conflict.</summary>
    [Fact]
    public async Task The_same_idempotency_key_with_the_same_survivor_claim_returns_the_same_case_and_another_claim_under_it_is_a_conflict()
    {
        var request = Allowance(NewKey(), KnownPersonalId) with { Survivors = Claim(SurvivorBenefitForms.LumpSum, SurvivorRelationships.Child) };
        var first = AssertFiled(await Insurance.PayFuneralAllowanceAsync(request, Cancellation));

        var again = Succeeds(await Insurance.PayFuneralAllowanceAsync(request with { Survivors = Claim(SurvivorBenefitForms.LumpSum, SurvivorRelationships.Child) }, Cancellation));

        Assert.Equal(first.Reference, again.Reference);
        FailsWith(VendorFailureCodes.IdempotencyConflict,
            await Insurance.PayFuneralAllowanceAsync(request with { Survivors = Claim(SurvivorBenefitForms.Monthly, "Vợ") }, Cancellation));
    }

    /// <summary>
    /// A relative the population database does not hold, or a child aged 18 or more on the date of death claiming the
    /// monthly allowance (the known person is an adult), refuses the case with a reason naming the relative.
    /// </summary>
    [Fact]
    public async Task A_survivor_claim_for_an_unknown_relative_or_an_adult_child_monthly_is_refused_with_a_reason_naming_the_relative()
    {
        var unknown = AssertFiled(await Insurance.PayFuneralAllowanceAsync(
            Allowance(NewKey(), KnownPersonalId) with { Survivors = Claim(SurvivorBenefitForms.LumpSum, "Vợ", UnknownPersonalId) }, Cancellation));
        var adultChild = AssertFiled(await Insurance.PayFuneralAllowanceAsync(
            Allowance(NewKey(), KnownPersonalId) with { Survivors = Claim(SurvivorBenefitForms.Monthly, SurvivorRelationships.Child) }, Cancellation));

        Assert.Contains(UnknownPersonalId, AssertRefused(await DecidedAsync(() => Insurance.GetCaseAsync(unknown.Reference, Cancellation))), StringComparison.Ordinal);
        Assert.Contains(KnownPersonalId, AssertRefused(await DecidedAsync(() => Insurance.GetCaseAsync(adultChild.Reference, Cancellation))), StringComparison.Ordinal);
    }

    /// <summary>A survivors' claim breaking its rules is refused naming the field, before any call: even while the system is down.</summary>
    [Fact]
    public async Task A_malformed_survivor_claim_is_refused_naming_the_field_before_any_call()
    {
        var allowance = Allowance(NewKey(), KnownPersonalId);
        var relative = Claim(SurvivorBenefitForms.Monthly, "Vợ").Relatives[0];
        await using (await SimulateOutageAsync(Cancellation))
        {
            Assert.Contains("survivors.form", FailsWith(VendorFailureCodes.InvalidRequest,
                await Insurance.PayFuneralAllowanceAsync(allowance with { Survivors = new SurvivorClaim("weekly", [relative]) }, Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("survivors.relatives", FailsWith(VendorFailureCodes.InvalidRequest,
                await Insurance.PayFuneralAllowanceAsync(allowance with { Survivors = new SurvivorClaim(SurvivorBenefitForms.Monthly, []) }, Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("survivors.relatives[1].personalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Insurance.PayFuneralAllowanceAsync(allowance with { Survivors = new SurvivorClaim(SurvivorBenefitForms.Monthly, [relative, relative]) }, Cancellation)).Message,
                StringComparison.Ordinal);
            Assert.Contains("survivors.relatives[0].personalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Insurance.PayFuneralAllowanceAsync(allowance with { Survivors = new SurvivorClaim(SurvivorBenefitForms.Monthly, [relative with { PersonalId = allowance.DeceasedPersonalId }]) },
                    Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("survivors.relatives[0].relationship", FailsWith(VendorFailureCodes.InvalidRequest,
                await Insurance.PayFuneralAllowanceAsync(allowance with { Survivors = new SurvivorClaim(SurvivorBenefitForms.Monthly, [relative with { Relationship = "Hàng xóm" }]) },
                    Cancellation)).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A reference the system never issued is not found.</summary>
    [Fact]
    public async Task An_unknown_case_reference_is_not_found() =>
        FailsWith(VendorFailureCodes.NotFound, await Insurance.GetCaseAsync("BHXH-19000101-1", Cancellation));

    /// <summary>A survivors' claim in <paramref name="form"/> by one relative: <paramref name="personalId"/> (default the known person, an adult) as <paramref name="relationship"/>.</summary>
    protected SurvivorClaim Claim(string form, string relationship, string? personalId = null) =>
        new(form, [new DeclaredSurvivor(personalId ?? KnownPersonalId, "Trần Thị Bình", relationship, new DateOnly(1995, 7, 24))]);

    /// <summary>A child's card (the known person stands in for the child).</summary>
    protected ChildHealthInsuranceCard Card(string key) =>
        new(key, KnownPersonalId, "Nguyễn Minh Khang", new DateOnly(2026, 1, 15), "Nam", "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội", "125/2026");

    /// <summary>A funeral allowance claimed by <paramref name="claimant"/>.</summary>
    protected static FuneralAllowance Allowance(string key, string claimant) =>
        new(key, "001090012345", "Nguyễn Văn An", new DateOnly(2026, 1, 10), "37/2026", claimant, "Trần Thị Bình");
}

/// <summary>
/// The conformance of an <see cref="IIdentityCardRegistry"/>: a child's card filed pending with the system's reference
/// and then approved with the card's number (the child's personal ID, as <see cref="Population"/> issued it at birth);
/// the same key the same case; a child the population database does not hold, or one it holds as six or older, refused
/// with a reason; malformed input (a child of six or more, a bad requester ID) refused naming the field before any call;
/// unknown references not found. <see cref="ExternalCaseConformance.KnownPersonalId"/> is the requesting mother, an adult.
/// </summary>
public abstract class IdentityCardRegistryConformance : ExternalCaseConformance
{
    /// <summary>The system under test.</summary>
    protected abstract IIdentityCardRegistry Registry { get; }

    /// <summary>The population registry the system issues cards from (the same data behind it), where the kit registers a child's birth.</summary>
    protected abstract IPopulationRegistry Population { get; }

    /// <summary>Today in Việt Nam, the day the system counts a child's age on.</summary>
    protected static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Registry.IssueChildIdentityCardAsync(Card(ProbeKey, KnownPersonalId), cancellationToken)).Failure;

    /// <summary>A child whose birth the population registry recorded: pending with the system's reference, then approved with the child's personal ID as the card's number.</summary>
    [Fact]
    public async Task A_registered_childs_card_is_pending_with_the_systems_reference_then_approved_with_the_personal_id_as_its_number()
    {
        var child = await BornAsync(Cancellation);
        var filed = AssertFiled(await Registry.IssueChildIdentityCardAsync(Card(NewKey(), child), Cancellation));

        var decision = AssertApproved(filed, await DecidedAsync(() => Registry.GetCaseAsync(filed.Reference, Cancellation)));

        Assert.Equal(child.PersonalId, decision.DocumentNumber);
    }

    /// <summary>The same key twice is the same case, before and after the decision; another request under it is a conflict.</summary>
    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_case_and_never_files_a_second()
    {
        var request = Card(NewKey(), await BornAsync(Cancellation));
        var first = AssertFiled(await Registry.IssueChildIdentityCardAsync(request, Cancellation));

        var again = Succeeds(await Registry.IssueChildIdentityCardAsync(request, Cancellation));
        await DecidedAsync(() => Registry.GetCaseAsync(first.Reference, Cancellation));
        var afterDecision = Succeeds(await Registry.IssueChildIdentityCardAsync(request, Cancellation));

        Assert.Equal(first.Reference, again.Reference);
        Assert.Equal((first.Reference, ExternalCaseState.Approved), (afterDecision.Reference, afterDecision.State));
        FailsWith(VendorFailureCodes.IdempotencyConflict, await Registry.IssueChildIdentityCardAsync(request with { DeliveryAddress = "Số 1 Tràng Tiền" }, Cancellation));
    }

    /// <summary>
    /// The card is issued from the population database: a personal ID it does not hold is refused naming the ID, and
    /// one it holds as born six or more years ago (the known adult, whatever date the request gives) is refused too.
    /// </summary>
    [Fact]
    public async Task A_child_the_population_database_does_not_hold_or_holds_as_six_or_older_is_refused_with_a_reason()
    {
        var unknown = AssertFiled(await Registry.IssueChildIdentityCardAsync(Card(NewKey(), UnknownPersonalId), Cancellation));
        var adult = AssertFiled(await Registry.IssueChildIdentityCardAsync(Card(NewKey(), KnownPersonalId), Cancellation));

        Assert.Contains(UnknownPersonalId, AssertRefused(await DecidedAsync(() => Registry.GetCaseAsync(unknown.Reference, Cancellation))), StringComparison.Ordinal);
        AssertRefused(await DecidedAsync(() => Registry.GetCaseAsync(adult.Reference, Cancellation)));
    }

    /// <summary>A child of six or more by the request's own date, a malformed ID or a missing field is refused with a code naming the field, before any call: even while the system is down.</summary>
    [Fact]
    public async Task Malformed_input_is_refused_naming_the_field_before_any_call()
    {
        await using (await SimulateOutageAsync(Cancellation))
        {
            Assert.Contains("dateOfBirth", FailsWith(VendorFailureCodes.InvalidRequest,
                await Registry.IssueChildIdentityCardAsync(Card(NewKey(), KnownPersonalId) with { DateOfBirth = Today.AddYears(-6) }, Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("requesterPersonalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Registry.IssueChildIdentityCardAsync(Card(NewKey(), KnownPersonalId) with { RequesterPersonalId = "00109001234X" }, Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("personalId", FailsWith(VendorFailureCodes.InvalidPersonalId,
                await Registry.IssueChildIdentityCardAsync(Card(NewKey(), "12345"), Cancellation)).Message, StringComparison.Ordinal);
            Assert.Contains("deliveryAddress", FailsWith(VendorFailureCodes.InvalidRequest,
                await Registry.IssueChildIdentityCardAsync(Card(NewKey(), KnownPersonalId) with { DeliveryAddress = " " }, Cancellation)).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A reference the system never issued is not found.</summary>
    [Fact]
    public async Task An_unknown_case_reference_is_not_found() =>
        FailsWith(VendorFailureCodes.NotFound, await Registry.GetCaseAsync("CC-19000101-1", Cancellation));

    /// <summary>A child born a year ago to the known person, registered in <see cref="Population"/>, which issues the personal ID.</summary>
    protected async Task<PopulationRecord> BornAsync(CancellationToken cancellationToken)
    {
        var key = NewKey();
        return Succeeds(await Population.RegisterBirthAsync(
            new BirthRecord($"birth-{key}", "Nguyễn Minh Khang", Today.AddYears(-1), "Nam", "Bệnh viện Phụ sản Hà Nội", KnownPersonalId, null, "125/2026",
                "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội", "justice.badinh"),
            cancellationToken));
    }

    /// <summary>A card for <paramref name="child"/>, asked for by the known person.</summary>
    protected ChildIdentityCard Card(string key, PopulationRecord child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return new(key, child.PersonalId, child.FullName, child.DateOfBirth, child.Gender, "125/2026", KnownPersonalId, "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội");
    }

    /// <summary>A card for the personal ID <paramref name="personalId"/>, a child born a year ago by the request, asked for by the known person.</summary>
    protected ChildIdentityCard Card(string key, string personalId) =>
        new(key, personalId, "Nguyễn Minh Khang", Today.AddYears(-1), "Nam", "125/2026", KnownPersonalId, "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội");
}
