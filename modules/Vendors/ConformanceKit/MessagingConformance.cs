namespace HanoiEgov.Vendors.ConformanceKit;

/// <summary>The contract tests of <see cref="ISmsGateway"/>. Subclass it and give the gateway under test.</summary>
public abstract class SmsGatewayConformance : Conformance
{
    /// <summary>The gateway under test.</summary>
    protected abstract ISmsGateway Gateway { get; }

    /// <summary>A mobile number the gateway accepts and delivers to. Default 0912345678.</summary>
    protected virtual string DeliverableNumber => "0912345678";

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Gateway.SendAsync(Message(), cancellationToken)).Failure;

    /// <summary>A message to a mobile number is accepted and its delivery can be followed until it arrives.</summary>
    [Fact]
    public async Task A_message_to_a_mobile_number_is_accepted_and_reported_delivered()
    {
        var receipt = Succeeds(await Gateway.SendAsync(Message(), Cancellation));
        Assert.False(string.IsNullOrWhiteSpace(receipt.MessageId));

        await Eventually(
            async () => Succeeds(await Gateway.GetDeliveryStatusAsync(receipt.MessageId, Cancellation)).State == SmsDeliveryState.Delivered,
            SettleWithin,
            $"message {receipt.MessageId} is delivered");
    }

    /// <summary>Numbers that are not Vietnamese mobile numbers are refused with a code, and nothing is sent.</summary>
    [Theory]
    [InlineData("12345")]
    [InlineData("0243825xxxx")]
    [InlineData("02438251234")]
    [InlineData("+15551234567")]
    [InlineData("091234567")]
    [InlineData("")]
    public async Task A_number_that_is_not_a_Vietnamese_mobile_number_is_refused_with_a_code(string phoneNumber)
    {
        FailsWith(VendorFailureCodes.InvalidPhoneNumber, await Gateway.SendAsync(Message() with { PhoneNumber = phoneNumber }, Cancellation));
    }

    /// <summary>The same request id again returns the first receipt.</summary>
    [Fact]
    public async Task The_same_request_id_sends_once()
    {
        var message = Message();

        var first = Succeeds(await Gateway.SendAsync(message, Cancellation));
        var second = Succeeds(await Gateway.SendAsync(message, Cancellation));

        Assert.Equal(first.MessageId, second.MessageId);
    }

    /// <summary>The delivery status of a message the gateway never accepted is not found.</summary>
    [Fact]
    public async Task An_unknown_message_is_not_found() =>
        FailsWith(VendorFailureCodes.NotFound, await Gateway.GetDeliveryStatusAsync("no-such-message-" + Guid.NewGuid().ToString("N"), Cancellation));

    /// <summary>A new message to <see cref="DeliverableNumber"/>.</summary>
    protected SmsMessage Message() =>
        new(Guid.NewGuid().ToString("N"), DeliverableNumber, "Ho so 00004-261129-0001 da co ket qua. Moi ong/ba den nhan.");
}

/// <summary>The contract tests of <see cref="IEmailSender"/>. Subclass it and give the sender under test.</summary>
public abstract class EmailSenderConformance : Conformance
{
    /// <summary>The sender under test.</summary>
    protected abstract IEmailSender Sender { get; }

    /// <summary>An address the sender accepts. Default nguyen.van.an@example.vn.</summary>
    protected virtual string DeliverableAddress => "nguyen.van.an@example.vn";

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Sender.SendAsync(Message(), cancellationToken)).Failure;

    /// <summary>A message is accepted with an id.</summary>
    [Fact]
    public async Task A_message_is_accepted_with_an_id()
    {
        var message = Message();

        var receipt = Succeeds(await Sender.SendAsync(message, Cancellation));

        Assert.False(string.IsNullOrWhiteSpace(receipt.MessageId));
        Assert.Equal(message.RequestId, receipt.RequestId);
    }

    /// <summary>A malformed recipient is refused with a code.</summary>
    [Theory]
    [InlineData("not-an-address")]
    [InlineData("an@")]
    [InlineData("two words@example.vn")]
    public async Task A_malformed_address_is_refused_with_a_code(string address) =>
        FailsWith(VendorFailureCodes.InvalidEmailAddress, await Sender.SendAsync(Message() with { To = [DeliverableAddress, address] }, Cancellation));

    /// <summary>The same request id again returns the first receipt.</summary>
    [Fact]
    public async Task The_same_request_id_sends_once()
    {
        var message = Message();

        var first = Succeeds(await Sender.SendAsync(message, Cancellation));
        var second = Succeeds(await Sender.SendAsync(message, Cancellation));

        Assert.Equal(first.MessageId, second.MessageId);
    }

    /// <summary>A new message to <see cref="DeliverableAddress"/>.</summary>
    protected EmailMessage Message() =>
        new(Guid.NewGuid().ToString("N"), [DeliverableAddress], "Kết quả hồ sơ 00004-261129-0001", "Hồ sơ của ông/bà đã có kết quả.");
}

/// <summary>The contract tests of <see cref="IPopulationRegistry"/>. Subclass it and give the registry under test.</summary>
public abstract class PopulationRegistryConformance : Conformance
{
    /// <summary>The registry under test.</summary>
    protected abstract IPopulationRegistry Registry { get; }

    /// <summary>A personal ID of a person the registry holds.</summary>
    protected abstract string KnownPersonalId { get; }

    /// <summary>A well-formed personal ID of nobody the registry holds. Default 001099000000.</summary>
    protected virtual string UnknownPersonalId => "001099000000";

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Registry.LookUpAsync(Lookup(KnownPersonalId), cancellationToken)).Failure;

    /// <summary>A known person is found, and the result records the purpose, consent and requester of the lookup.</summary>
    [Fact]
    public async Task A_known_person_is_found_and_the_lookup_records_purpose_and_consent()
    {
        var lookup = Lookup(KnownPersonalId);

        var person = Succeeds(await Registry.LookUpAsync(lookup, Cancellation));

        Assert.Equal(KnownPersonalId, person.PersonalId);
        Assert.False(string.IsNullOrWhiteSpace(person.FullName));
        Assert.True(PersonalId.TryParse(person.PersonalId, out var parsed));
        Assert.Equal(parsed.BirthYear, person.DateOfBirth.Year);
        Assert.Equal(lookup.Purpose, person.Lookup.Purpose);
        Assert.Equal(lookup.ConsentReference, person.Lookup.ConsentReference);
        Assert.Equal(lookup.RequestedBy, person.Lookup.RequestedBy);
        Assert.False(string.IsNullOrWhiteSpace(person.Lookup.LookupId));
    }

    /// <summary>Malformed personal IDs are refused with a code.</summary>
    [Theory]
    [InlineData("12345")]
    [InlineData("00109001234X")]
    [InlineData("0010900123456")]
    [InlineData("000090012345")]
    [InlineData("097090012345")]
    [InlineData("")]
    public async Task A_malformed_personal_id_is_refused_with_a_code(string personalId) =>
        FailsWith(VendorFailureCodes.InvalidPersonalId, await Registry.LookUpAsync(Lookup(personalId), Cancellation));

    /// <summary>A well-formed ID of nobody the registry holds is not found.</summary>
    [Fact]
    public async Task An_unknown_person_is_not_found() =>
        FailsWith(VendorFailureCodes.NotFound, await Registry.LookUpAsync(Lookup(UnknownPersonalId), Cancellation));

    /// <summary>A lookup without purpose or consent is refused.</summary>
    [Fact]
    public async Task A_lookup_without_purpose_or_consent_is_refused()
    {
        FailsWith(VendorFailureCodes.ConsentRequired, await Registry.LookUpAsync(Lookup(KnownPersonalId) with { Purpose = "" }, Cancellation));
        FailsWith(VendorFailureCodes.ConsentRequired, await Registry.LookUpAsync(Lookup(KnownPersonalId) with { ConsentReference = " " }, Cancellation));
    }

    /// <summary>A registered birth issues the child a personal ID in the CCCD shape (Hà Nội, gender and century, year), which the registry then finds.</summary>
    [Fact]
    public async Task A_registered_birth_issues_the_child_a_personal_id_the_registry_then_finds()
    {
        var birth = Birth($"birth-{Guid.NewGuid():N}", KnownPersonalId);

        var child = Succeeds(await Registry.RegisterBirthAsync(birth, Cancellation));

        Assert.True(PersonalId.TryParse(child.PersonalId, out var issued), $"{child.PersonalId}: {PersonalId.Rule}");
        Assert.Equal(("001", true, 2026), (issued.ProvinceCode, issued.IsFemale, issued.BirthYear));
        Assert.Equal("3", child.PersonalId[3..4]);
        Assert.Equal((birth.FullName, birth.DateOfBirth, "Nữ"), (child.FullName, child.DateOfBirth, child.Gender));
        var found = Succeeds(await Registry.LookUpAsync(Lookup(child.PersonalId), Cancellation));
        Assert.Equal((birth.FullName, birth.DateOfBirth), (found.FullName, found.DateOfBirth));
    }

    /// <summary>The same key is the same child and the same ID; another birth under it is a conflict.</summary>
    [Fact]
    public async Task The_same_birth_key_returns_the_same_personal_id_and_another_birth_under_it_is_a_conflict()
    {
        var birth = Birth($"birth-{Guid.NewGuid():N}", KnownPersonalId);

        var first = Succeeds(await Registry.RegisterBirthAsync(birth, Cancellation));
        var again = Succeeds(await Registry.RegisterBirthAsync(birth, Cancellation));

        Assert.Equal(first.PersonalId, again.PersonalId);
        FailsWith(VendorFailureCodes.IdempotencyConflict, await Registry.RegisterBirthAsync(birth with { FullName = "Nguyễn Minh Khôi" }, Cancellation));
    }

    /// <summary>A mother the registry does not hold: not found, with a reason; a malformed mother's ID is refused before any call.</summary>
    [Fact]
    public async Task A_birth_to_an_unknown_mother_is_not_found_and_a_malformed_mothers_id_is_refused()
    {
        var unknown = FailsWith(VendorFailureCodes.NotFound, await Registry.RegisterBirthAsync(Birth($"birth-{Guid.NewGuid():N}", UnknownPersonalId), Cancellation));
        Assert.Contains(UnknownPersonalId[^4..], unknown.Message, StringComparison.Ordinal);

        var malformed = FailsWith(VendorFailureCodes.InvalidPersonalId, await Registry.RegisterBirthAsync(Birth($"birth-{Guid.NewGuid():N}", "12345"), Cancellation));
        Assert.Contains("motherPersonalId", malformed.Message, StringComparison.Ordinal);
    }

    /// <summary>A girl born in 2026 to <paramref name="mother"/>.</summary>
    protected static BirthRecord Birth(string key, string mother) =>
        new(key, "Nguyễn Minh Anh", new DateOnly(2026, 1, 15), "Nữ", "Bệnh viện Phụ sản Hà Nội", mother, null, "125/2026", "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội", "justice.badinh");

    /// <summary>A lookup of <paramref name="personalId"/> for a dossier, with consent.</summary>
    protected static PersonLookup Lookup(string personalId) =>
        new(personalId, "Dossier 00004-261129-0001: permanent residence registration", $"consent-{Guid.NewGuid():N}", "clerk.badinh");
}
