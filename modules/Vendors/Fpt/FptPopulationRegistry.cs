using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Vendors.Http;

namespace HanoiEgov.Vendors.Fpt;

/// <summary>
/// FPT eKYC's citizen lookup and birth registration. Every lookup carries why it is made and the citizen's consent
/// (Decree 13/2023 on personal data), and the registry answers with its own record of the lookup; a registered
/// birth is answered with the child's new record.
/// </summary>
internal sealed class FptPopulationRegistry(IHttpClientFactory clients) : IPopulationRegistry
{
    private const int InvalidPersonalId = 4001;
    private const int PurposeRequired = 4002;
    private const int ConsentRequired = 4003;
    private const int CitizenNotFound = 4004;
    private const int DuplicateBirth = 4005;
    private const int InvalidBirth = 4006;

    public async Task<VendorResult<PopulationRecord>> LookUpAsync(PersonLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        using var activity = FptModule.Connection.Source.StartActivity("FPT eKYC lookup");
        if (!PersonalId.IsValid(lookup.PersonalId))
        {
            return VendorResult.Fail<PopulationRecord>(new VendorFailure(VendorFailureCodes.InvalidPersonalId, $"personalId: {PersonalId.Rule}")).Traced(activity);
        }

        if (string.IsNullOrWhiteSpace(lookup.Purpose) || string.IsNullOrWhiteSpace(lookup.ConsentReference))
        {
            return VendorResult.Fail<PopulationRecord>(new VendorFailure(VendorFailureCodes.ConsentRequired, "purpose and consentReference: a lookup needs both.")).Traced(activity);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "ekyc/v1/citizens/lookup")
        {
            Content = JsonContent.Create(new
            {
                personalId = lookup.PersonalId,
                purpose = lookup.Purpose,
                consent = new { reference = lookup.ConsentReference, givenAt = DateTimeOffset.UtcNow.AddSeconds(-1) },
                requestedBy = lookup.RequestedBy,
            }),
        };
        var answer = await FptModule.Connection.SendAsync(clients, request, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<PopulationRecord>(answer.Failure).Traced(activity);
        }

        VendorResult<PopulationRecord> result = answer.Value.Number("responseCode") switch
        {
            0 when answer.Value.IsSuccess => Record(answer.Value.Body),
            InvalidPersonalId => new VendorFailure(VendorFailureCodes.InvalidPersonalId, $"personalId: {answer.Value.Text("responseMessage")}"),
            PurposeRequired or ConsentRequired => new VendorFailure(VendorFailureCodes.ConsentRequired, $"FPT eKYC: {answer.Value.Text("responseMessage")}"),
            CitizenNotFound => VendorFailure.NotFound($"FPT eKYC has no citizen '{lookup.PersonalId}'."),
            _ => new VendorFailure(VendorFailureCodes.InvalidRequest, $"FPT eKYC answered {answer.Value.Number("responseCode")}: {answer.Value.Text("responseMessage")}"),
        };
        return result.Traced(activity);
    }

    /// <summary>FPT eKYC's birth service: the registry issues the child's personal ID, once per request id.</summary>
    public async Task<VendorResult<PopulationRecord>> RegisterBirthAsync(BirthRecord birth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(birth);
        using var activity = FptModule.Connection.Source.StartActivity("FPT eKYC birth registration");
        if (ExternalRequest.Problem(birth) is { } problem)
        {
            return VendorResult.Fail<PopulationRecord>(problem).Traced(activity);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "ekyc/v1/citizens/births")
        {
            Content = JsonContent.Create(new
            {
                requestId = birth.IdempotencyKey,
                fullName = birth.FullName,
                dateOfBirth = birth.DateOfBirth,
                gender = birth.Gender,
                placeOfBirth = birth.PlaceOfBirth,
                motherPersonalId = birth.MotherPersonalId,
                fatherPersonalId = birth.FatherPersonalId,
                birthRegistrationNumber = birth.BirthRegistrationNumber,
                address = birth.Address,
                requestedBy = birth.RequestedBy,
            }),
        };
        var answer = await FptModule.Connection.SendAsync(clients, request, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<PopulationRecord>(answer.Failure).Traced(activity);
        }

        VendorResult<PopulationRecord> result = answer.Value.Number("responseCode") switch
        {
            0 when answer.Value.IsSuccess => Record(answer.Value.Body),
            CitizenNotFound => VendorFailure.NotFound($"FPT eKYC: {answer.Value.Text("responseMessage")}"),
            DuplicateBirth => new VendorFailure(VendorFailureCodes.IdempotencyConflict, $"FPT eKYC: {answer.Value.Text("responseMessage")}"),
            InvalidPersonalId => new VendorFailure(VendorFailureCodes.InvalidPersonalId, $"FPT eKYC: {answer.Value.Text("responseMessage")}"),
            _ => new VendorFailure(VendorFailureCodes.InvalidRequest, $"FPT eKYC answered {answer.Value.Number("responseCode")}: {answer.Value.Text("responseMessage")}"),
        };
        return result.Traced(activity);
    }

    private static PopulationRecord Record(JsonElement body)
    {
        var citizen = body.GetProperty("citizen");
        var address = citizen.GetProperty("permanentAddress");
        var lookup = body.GetProperty("lookup");
        return new PopulationRecord(
            citizen.GetProperty("personalId").GetString()!,
            citizen.GetProperty("fullName").GetString()!,
            DateOnly.Parse(citizen.GetProperty("dateOfBirth").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            citizen.GetProperty("gender").GetString() switch
            {
                "male" => "Nam",
                "female" => "Nữ",
                var written => written!,
            },
            citizen.GetProperty("placeOfOrigin").GetString()!,
            $"{address.GetProperty("line").GetString()}, {address.GetProperty("wardName").GetString()}, {address.GetProperty("provinceName").GetString()}",
            new LookupRecord(
                lookup.GetProperty("id").GetString()!,
                lookup.GetProperty("purpose").GetString()!,
                lookup.GetProperty("consentReference").GetString()!,
                lookup.GetProperty("requestedBy").GetString()!,
                lookup.GetProperty("at").GetDateTimeOffset()));
    }
}
