using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Vendors.Http;

namespace HanoiEgov.Vendors.Lgsp;

/// <summary>
/// The residence system's services on LGSP: <c>POST cutru/v1/thuongtru/dangky</c> (registration),
/// <c>POST cutru/v1/thuongtru/xoa</c> (removal), <c>GET cutru/v1/hoso/{reference}</c>.
/// </summary>
internal sealed class LgspResidenceRegistry(IHttpClientFactory clients) : IResidenceRegistry
{
    private readonly LgspCases cases = new(clients, LgspModule.Residence, "residence system");

    public Task<VendorResult<ExternalCase>> RegisterPermanentResidenceAsync(ResidenceRegistration request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cases.FileAsync("thuongtru/dangky", ExternalRequest.Problem(request), new
        {
            requestId = request.IdempotencyKey,
            personalId = request.PersonalId,
            fullName = request.FullName,
            dateOfBirth = request.DateOfBirth,
            householderPersonalId = request.HouseholderPersonalId,
            address = request.Address,
            communeCode = request.CommuneCode,
            birthRegistrationNumber = request.BirthRegistrationNumber,
        }, cancellationToken);
    }

    public Task<VendorResult<ExternalCase>> RemovePermanentResidenceAsync(ResidenceRemoval request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cases.FileAsync("thuongtru/xoa", ExternalRequest.Problem(request), new
        {
            requestId = request.IdempotencyKey,
            personalId = request.PersonalId,
            fullName = request.FullName,
            dateOfDeath = request.DateOfDeath,
            deathRegistrationNumber = request.DeathRegistrationNumber,
            communeCode = request.CommuneCode,
        }, cancellationToken);
    }

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        cases.GetAsync(caseReference, cancellationToken);
}

/// <summary>
/// Social Security's services on LGSP: <c>POST bhxh/v1/thebhyt/treem</c> (a child's card),
/// <c>POST bhxh/v1/trocap/maitang</c> (funeral allowance and, with <c>survivors: { form, relatives }</c>, the
/// survivor allowance in the same case), <c>GET bhxh/v1/hoso/{reference}</c>.
/// </summary>
internal sealed class LgspSocialInsurance(IHttpClientFactory clients) : ISocialInsurance
{
    private readonly LgspCases cases = new(clients, LgspModule.Insurance, "Social Security");

    public Task<VendorResult<ExternalCase>> IssueChildHealthInsuranceCardAsync(ChildHealthInsuranceCard request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cases.FileAsync("thebhyt/treem", ExternalRequest.Problem(request), new
        {
            requestId = request.IdempotencyKey,
            personalId = request.PersonalId,
            fullName = request.FullName,
            dateOfBirth = request.DateOfBirth,
            gender = request.Gender,
            address = request.Address,
            birthRegistrationNumber = request.BirthRegistrationNumber,
        }, cancellationToken);
    }

    public Task<VendorResult<ExternalCase>> PayFuneralAllowanceAsync(FuneralAllowance request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cases.FileAsync("trocap/maitang", ExternalRequest.Problem(request), new
        {
            requestId = request.IdempotencyKey,
            deceasedPersonalId = request.DeceasedPersonalId,
            deceasedName = request.DeceasedName,
            dateOfDeath = request.DateOfDeath,
            deathRegistrationNumber = request.DeathRegistrationNumber,
            claimantPersonalId = request.ClaimantPersonalId,
            claimantName = request.ClaimantName,
            survivors = request.Survivors is { } claim
                ? new
                {
                    form = claim.Form,
                    relatives = claim.Relatives.Select(relative => new
                    {
                        personalId = relative.PersonalId,
                        fullName = relative.FullName,
                        relationship = relative.Relationship,
                        dateOfBirth = relative.DateOfBirth,
                    }),
                }
                : null,
        }, cancellationToken);
    }

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        cases.GetAsync(caseReference, cancellationToken);
}

/// <summary>
/// The police's identity-card system on LGSP: <c>POST cancuoc/v1/the/treem</c> (a child's card),
/// <c>GET cancuoc/v1/hoso/{reference}</c>.
/// </summary>
internal sealed class LgspIdentityCardRegistry(IHttpClientFactory clients) : IIdentityCardRegistry
{
    private readonly LgspCases cases = new(clients, LgspModule.IdentityCards, "identity-card system");

    public Task<VendorResult<ExternalCase>> IssueChildIdentityCardAsync(ChildIdentityCard request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return cases.FileAsync("the/treem", ExternalRequest.Problem(request), new
        {
            requestId = request.IdempotencyKey,
            personalId = request.PersonalId,
            fullName = request.FullName,
            dateOfBirth = request.DateOfBirth,
            gender = request.Gender,
            birthRegistrationNumber = request.BirthRegistrationNumber,
            requesterPersonalId = request.RequesterPersonalId,
            deliveryAddress = request.DeliveryAddress,
        }, cancellationToken);
    }

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        cases.GetAsync(caseReference, cancellationToken);
}

/// <summary>
/// What the systems' services share on LGSP: a case answered as <c>{ reference, status, submittedAt, decidedAt,
/// documentNumber, summary, reason }</c> (status <c>PENDING</c>, <c>APPROVED</c>, <c>REFUSED</c>), errors as
/// <c>{ errorCode, message }</c> (<c>INVALID_PERSONAL_ID</c>, <c>INVALID_REQUEST</c>, <c>DUPLICATE_REQUEST</c>,
/// <c>NOT_FOUND</c>).
/// </summary>
internal sealed class LgspCases(IHttpClientFactory clients, string system, string name)
{
    public async Task<VendorResult<ExternalCase>> FileAsync(string service, VendorFailure? problem, object body, CancellationToken cancellationToken)
    {
        using var activity = LgspModule.Connection.Source.StartActivity($"LGSP {system} {service}");
        if (problem is not null)
        {
            return VendorResult.Fail<ExternalCase>(problem).Traced(activity);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{system}/v1/{service}") { Content = JsonContent.Create(body) };
        return await CaseAsync(request, activity, cancellationToken);
    }

    public async Task<VendorResult<ExternalCase>> GetAsync(string caseReference, CancellationToken cancellationToken)
    {
        using var activity = LgspModule.Connection.Source.StartActivity($"LGSP {system} case");
        if (ExternalRequest.ReferenceProblem(caseReference) is { } problem)
        {
            return VendorResult.Fail<ExternalCase>(problem).Traced(activity);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{system}/v1/hoso/{Uri.EscapeDataString(caseReference)}");
        return await CaseAsync(request, activity, cancellationToken);
    }

    private async Task<VendorResult<ExternalCase>> CaseAsync(HttpRequestMessage request, Activity? activity, CancellationToken cancellationToken)
    {
        var answer = await LgspModule.Connection.SendAsync(clients, request, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<ExternalCase>(answer.Failure).Traced(activity);
        }

        var message = $"LGSP ({name}): {answer.Value.Text("message")}";
        VendorResult<ExternalCase> result = answer.Value switch
        {
            { IsSuccess: true } success => Case(success.Body),
            { Status: HttpStatusCode.NotFound } => VendorFailure.NotFound(message),
            _ => answer.Value.Text("errorCode") switch
            {
                "INVALID_PERSONAL_ID" => VendorFailure.Invalid(VendorFailureCodes.InvalidPersonalId, message),
                "DUPLICATE_REQUEST" => VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, message),
                _ => VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, $"{message} ({(int)answer.Value.Status} {answer.Value.Text("errorCode")})"),
            },
        };
        activity?.SetTag("lgsp.reference", result.Value?.Reference);
        return result.Traced(activity);
    }

    private static ExternalCase Case(JsonElement body)
    {
        string? Text(string property) => body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var state = Text("status") switch
        {
            "APPROVED" => ExternalCaseState.Approved,
            "REFUSED" => ExternalCaseState.Refused,
            _ => ExternalCaseState.Pending,
        };
        return new ExternalCase(
            Text("reference")!,
            state,
            body.GetProperty("submittedAt").GetDateTimeOffset(),
            body.TryGetProperty("decidedAt", out var decided) && decided.ValueKind == JsonValueKind.String ? decided.GetDateTimeOffset() : null,
            state == ExternalCaseState.Approved ? new ExternalDecision(Text("documentNumber")!, Text("summary") ?? "") : null,
            state == ExternalCaseState.Refused ? Text("reason") : null);
    }
}
