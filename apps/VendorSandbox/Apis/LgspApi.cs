using System.Globalization;
using System.Text.Json;
using HanoiEgov.Vendors;
using HanoiEgov.VendorSandbox.Lgsp;
using HanoiEgov.VendorSandbox.Population;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.VendorSandbox.Apis;

internal sealed record LgspResidenceRegistration(
    string? RequestId, string? PersonalId, string? FullName, DateOnly? DateOfBirth, string? HouseholderPersonalId, string? Address, string? CommuneCode, string? BirthRegistrationNumber);

internal sealed record LgspResidenceRemoval(
    string? RequestId, string? PersonalId, string? FullName, DateOnly? DateOfDeath, string? DeathRegistrationNumber, string? CommuneCode);

internal sealed record LgspChildCard(
    string? RequestId, string? PersonalId, string? FullName, DateOnly? DateOfBirth, string? Gender, string? Address, string? BirthRegistrationNumber);

internal sealed record LgspChildIdentityCard(
    string? RequestId, string? PersonalId, string? FullName, DateOnly? DateOfBirth, string? Gender, string? BirthRegistrationNumber, string? RequesterPersonalId, string? DeliveryAddress);

internal sealed record LgspFuneralAllowance(
    string? RequestId, string? DeceasedPersonalId, string? DeceasedName, DateOnly? DateOfDeath, string? DeathRegistrationNumber, string? ClaimantPersonalId, string? ClaimantName,
    LgspSurvivors? Survivors = null);

internal sealed record LgspSurvivors(string? Form, List<LgspSurvivor?>? Relatives);

internal sealed record LgspSurvivor(string? PersonalId, string? FullName, string? Relationship, DateOnly? DateOfBirth);

/// <summary>
/// The provincial data-sharing platform (LGSP) as the platform reaches three systems through it: the police's
/// residence system under <c>/lgsp/cutru/v1</c>, Social Security under <c>/lgsp/bhxh/v1</c> and the police's
/// identity-card system under <c>/lgsp/cancuoc/v1</c>. The gateway
/// checks the application's <c>X-Consumer-Key</c> and <c>apikey</c>. Each service files a case (202 with the
/// system's reference, <c>PENDING</c>; the same <c>requestId</c> again: 200 with the same case; with another body:
/// 409), and the case is decided after the system's delay, from the data: approved with a document number, or
/// refused with a reason in Vietnamese. Either system can be down on its own (<c>PUT /sandbox/settings</c>).
/// BHXH's funeral allowance may carry the relatives' survivor allowance claim (<c>survivors</c>), decided in the same
/// case by <see cref="SurvivorClaim.Refusal"/> over the population database.
/// </summary>
internal static class LgspApi
{
    public static void MapLgspApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/lgsp/", () => TypedResults.Ok(new { vendor = "LGSP", sandbox = true })).AllowAnonymous().WithSandboxLatency();

        var residence = app.MapGroup("/lgsp/cutru/v1").WithTags("LGSP residence system").AllowAnonymous()
            .AddEndpointFilter((context, next) => GatewayAsync(context, next, LgspSystem.Residence)).WithSandboxLatency();
        residence.MapGet("/", () => TypedResults.Ok(new { system = "Cơ sở dữ liệu về cư trú" }));
        residence.MapPost("/thuongtru/dangky", RegisterResidence);
        residence.MapPost("/thuongtru/xoa", RemoveResidence);
        residence.MapGet("/hoso/{reference}", (string reference, ExternalCases cases) => Find(cases, LgspSystem.Residence, reference));

        var insurance = app.MapGroup("/lgsp/bhxh/v1").WithTags("LGSP social insurance").AllowAnonymous()
            .AddEndpointFilter((context, next) => GatewayAsync(context, next, LgspSystem.Insurance)).WithSandboxLatency();
        insurance.MapGet("/", () => TypedResults.Ok(new { system = "Bảo hiểm xã hội Việt Nam" }));
        insurance.MapPost("/thebhyt/treem", IssueChildCard);
        insurance.MapPost("/trocap/maitang", PayFuneralAllowance);
        insurance.MapGet("/hoso/{reference}", (string reference, ExternalCases cases) => Find(cases, LgspSystem.Insurance, reference));

        var identityCards = app.MapGroup("/lgsp/cancuoc/v1").WithTags("LGSP identity-card system").AllowAnonymous()
            .AddEndpointFilter((context, next) => GatewayAsync(context, next, LgspSystem.IdentityCard)).WithSandboxLatency();
        identityCards.MapGet("/", () => TypedResults.Ok(new { system = "Hệ thống quản lý căn cước" }));
        identityCards.MapPost("/the/treem", IssueChildIdentityCard);
        identityCards.MapGet("/hoso/{reference}", (string reference, ExternalCases cases) => Find(cases, LgspSystem.IdentityCard, reference));
    }

    private static JsonHttpResult<Dictionary<string, object?>> RegisterResidence(
        LgspResidenceRegistration request, ExternalCases cases, PopulationRegistry population, SandboxOptions options)
    {
        if (Invalid(("personalId", request.PersonalId), ("householderPersonalId", request.HouseholderPersonalId)) is { } invalid)
        {
            return invalid;
        }

        if (Missing(("requestId", request.RequestId), ("fullName", request.FullName), ("dateOfBirth", request.DateOfBirth?.ToString("O", CultureInfo.InvariantCulture)),
                ("address", request.Address), ("communeCode", request.CommuneCode), ("birthRegistrationNumber", request.BirthRegistrationNumber)) is { } missing)
        {
            return missing;
        }

        return File(cases, LgspSystem.Residence, request.RequestId!, request, options.Lgsp.ResidenceDecisionDelay, number =>
            population.Find(request.PersonalId!) is null
                ? LgspOutcome.Refuse($"Công dân có số định danh {request.PersonalId} chưa có trong Cơ sở dữ liệu quốc gia về dân cư.")
                : population.Find(request.HouseholderPersonalId!) is null
                ? LgspOutcome.Refuse($"Chủ hộ có số định danh {request.HouseholderPersonalId} không có trong Cơ sở dữ liệu về cư trú.")
                : LgspOutcome.Approve($"XNCT-{number}", $"Đã đăng ký thường trú cho {request.FullName} tại {request.Address}."));
    }

    private static JsonHttpResult<Dictionary<string, object?>> RemoveResidence(
        LgspResidenceRemoval request, ExternalCases cases, PopulationRegistry population, SandboxOptions options)
    {
        if (Invalid(("personalId", request.PersonalId)) is { } invalid)
        {
            return invalid;
        }

        if (Missing(("requestId", request.RequestId), ("fullName", request.FullName), ("dateOfDeath", request.DateOfDeath?.ToString("O", CultureInfo.InvariantCulture)),
                ("deathRegistrationNumber", request.DeathRegistrationNumber), ("communeCode", request.CommuneCode)) is { } missing)
        {
            return missing;
        }

        return File(cases, LgspSystem.Residence, request.RequestId!, request, options.Lgsp.ResidenceDecisionDelay, number =>
            population.Find(request.PersonalId!) is null
                ? LgspOutcome.Refuse($"Công dân có số định danh {request.PersonalId} không có trong Cơ sở dữ liệu về cư trú.")
                : LgspOutcome.Approve($"XNCT-{number}", $"Đã xóa đăng ký thường trú của {request.FullName} (đã chết ngày {request.DateOfDeath:dd/MM/yyyy})."));
    }

    private static JsonHttpResult<Dictionary<string, object?>> IssueChildCard(LgspChildCard request, ExternalCases cases, SandboxOptions options)
    {
        if (Invalid(("personalId", request.PersonalId)) is { } invalid)
        {
            return invalid;
        }

        if (Missing(("requestId", request.RequestId), ("fullName", request.FullName), ("dateOfBirth", request.DateOfBirth?.ToString("O", CultureInfo.InvariantCulture)),
                ("gender", request.Gender), ("address", request.Address)) is { } missing)
        {
            return missing;
        }

        return File(cases, LgspSystem.Insurance, request.RequestId!, request, options.Lgsp.InsuranceDecisionDelay, number =>
            !ExternalRequest.IsRegistrationNumber(request.BirthRegistrationNumber, DateOnly.FromDateTime(cases.Now.UtcDateTime.AddHours(7)))
                ? LgspOutcome.Refuse($"Số đăng ký khai sinh \"{request.BirthRegistrationNumber}\" không đúng định dạng số/năm đăng ký (ví dụ 125/2026).")
                : LgspOutcome.Approve(ExternalCases.InsuranceCode($"{request.PersonalId}/{request.RequestId}"), $"Đã cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi {request.FullName}."));
    }

    /// <summary>The card is issued from what the population database holds: the child must be in it, and under six by the date of birth it holds.</summary>
    private static JsonHttpResult<Dictionary<string, object?>> IssueChildIdentityCard(
        LgspChildIdentityCard request, ExternalCases cases, PopulationRegistry population, SandboxOptions options)
    {
        if (Invalid(("personalId", request.PersonalId), ("requesterPersonalId", request.RequesterPersonalId)) is { } invalid)
        {
            return invalid;
        }

        if (Missing(("requestId", request.RequestId), ("fullName", request.FullName), ("dateOfBirth", request.DateOfBirth?.ToString("O", CultureInfo.InvariantCulture)),
                ("gender", request.Gender), ("birthRegistrationNumber", request.BirthRegistrationNumber), ("deliveryAddress", request.DeliveryAddress)) is { } missing)
        {
            return missing;
        }

        var today = DateOnly.FromDateTime(cases.Now.UtcDateTime.AddHours(7));
        return File(cases, LgspSystem.IdentityCard, request.RequestId!, request, options.Lgsp.IdentityCardDecisionDelay, _ =>
            population.Find(request.PersonalId!) is not { } child
                ? LgspOutcome.Refuse($"Số định danh cá nhân {request.PersonalId} chưa có trong Cơ sở dữ liệu quốc gia về dân cư.")
                : child.DateOfBirth.AddYears(6) <= today
                ? LgspOutcome.Refuse($"Theo Cơ sở dữ liệu quốc gia về dân cư, {child.FullName} sinh ngày {child.DateOfBirth:dd/MM/yyyy}, đã đủ 6 tuổi: không cấp thẻ căn cước cho trẻ em dưới 6 tuổi.")
                : LgspOutcome.Approve(child.PersonalId, $"Đã cấp thẻ căn cước cho {request.FullName}; thẻ được gửi đến {request.DeliveryAddress}."));
    }

    private static JsonHttpResult<Dictionary<string, object?>> PayFuneralAllowance(
        LgspFuneralAllowance request, ExternalCases cases, PopulationRegistry population, SandboxOptions options)
    {
        if (Invalid(("deceasedPersonalId", request.DeceasedPersonalId), ("claimantPersonalId", request.ClaimantPersonalId)) is { } invalid)
        {
            return invalid;
        }

        if (Missing(("requestId", request.RequestId), ("deceasedName", request.DeceasedName), ("dateOfDeath", request.DateOfDeath?.ToString("O", CultureInfo.InvariantCulture)),
                ("deathRegistrationNumber", request.DeathRegistrationNumber), ("claimantName", request.ClaimantName)) is { } missing)
        {
            return missing;
        }

        SurvivorClaim? claim = null;
        if (request.Survivors is { } survivors)
        {
            var relatives = survivors.Relatives?.Select(relative => new DeclaredSurvivorInput(relative?.PersonalId, relative?.FullName, relative?.Relationship, relative?.DateOfBirth)).ToList();
            if (SurvivorClaim.Problems(survivors.Form, relatives, request.DeceasedPersonalId, DateOnly.FromDateTime(cases.Now.UtcDateTime.AddHours(7))) is [var (field, rule), ..])
            {
                return Error(StatusCodes.Status400BadRequest, field.EndsWith(".personalId", StringComparison.Ordinal) ? "INVALID_PERSONAL_ID" : "INVALID_REQUEST", field, $"{field}: {rule}");
            }

            claim = new SurvivorClaim(survivors.Form!, [.. relatives!.Select(relative => new DeclaredSurvivor(relative.PersonalId!, relative.FullName!, relative.Relationship!, relative.DateOfBirth!.Value))]);
        }

        // BHXH decides the funeral allowance and the survivor allowance as one case ("giải quyết hưởng chế độ tử tuất"): either refusal refuses it.
        return File(cases, LgspSystem.Insurance, request.RequestId!, request, options.Lgsp.InsuranceDecisionDelay, number =>
            population.Find(request.ClaimantPersonalId!) is null
                ? LgspOutcome.Refuse($"Người đề nghị hưởng trợ cấp có số định danh {request.ClaimantPersonalId} không có trong Cơ sở dữ liệu quốc gia về dân cư.")
                : claim?.Refusal(id => population.Find(id)?.DateOfBirth, request.DateOfDeath!.Value) is { } refused
                ? LgspOutcome.Refuse(refused)
                : LgspOutcome.Approve($"TCMT-{number}", claim is null
                    ? $"Đã chi trả trợ cấp mai táng cho {request.ClaimantName}."
                    : $"Đã chi trả trợ cấp mai táng cho {request.ClaimantName}; đã giải quyết {claim.Summary}."));
    }

    private static JsonHttpResult<Dictionary<string, object?>> File<T>(
        ExternalCases cases, LgspSystem system, string requestId, T request, TimeSpan delay, Func<string, LgspOutcome> decide)
    {
        var fingerprint = JsonSerializer.Serialize(request, JsonSerializerOptions.Web);
        return cases.File(system, requestId, fingerprint, delay, decide) is not var (filed, created)
            ? Error(StatusCodes.Status409Conflict, "DUPLICATE_REQUEST", "requestId", $"requestId '{requestId}' was used for another request.")
            : TypedResults.Json(Describe(filed, cases.Now), statusCode: created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static JsonHttpResult<Dictionary<string, object?>> Find(ExternalCases cases, LgspSystem system, string reference) =>
        cases.Find(system, reference) is { } filed
            ? TypedResults.Json(Describe(filed, cases.Now))
            : Error(StatusCodes.Status404NotFound, "NOT_FOUND", "reference", $"Không có hồ sơ {reference}.");

    private static Dictionary<string, object?> Describe(LgspCase filed, DateTimeOffset now)
    {
        var decided = now >= filed.DecideAt;
        return new Dictionary<string, object?>
        {
            ["reference"] = filed.Reference,
            ["requestId"] = filed.RequestId,
            ["status"] = !decided ? "PENDING" : filed.Outcome.Approved ? "APPROVED" : "REFUSED",
            ["submittedAt"] = filed.SubmittedAt,
            ["decidedAt"] = decided ? filed.DecideAt : null,
            ["documentNumber"] = decided ? filed.Outcome.DocumentNumber : null,
            ["summary"] = decided ? filed.Outcome.Summary : null,
            ["reason"] = decided ? filed.Outcome.Reason : null,
        };
    }

    private static JsonHttpResult<Dictionary<string, object?>>? Invalid(params (string Field, string? Value)[] ids) =>
        ids.Where(id => !PopulationRegistry.IsWellFormed(id.Value)).Select(id => Error(StatusCodes.Status400BadRequest, "INVALID_PERSONAL_ID", id.Field, $"{id.Field}: {PersonalId.Rule}")).FirstOrDefault();

    private static JsonHttpResult<Dictionary<string, object?>>? Missing(params (string Field, string? Value)[] fields) =>
        fields.Where(field => string.IsNullOrWhiteSpace(field.Value)).Select(field => Error(StatusCodes.Status400BadRequest, "INVALID_REQUEST", field.Field, $"{field.Field} is required.")).FirstOrDefault();

    private static JsonHttpResult<Dictionary<string, object?>> Error(int status, string code, string field, string message) =>
        TypedResults.Json(new Dictionary<string, object?> { ["errorCode"] = code, ["field"] = field, ["message"] = message }, statusCode: status);

    /// <summary>The gateway: the application's credentials, then the system being up (the global outage or its own switch).</summary>
    private static async ValueTask<object?> GatewayAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, LgspSystem system)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<SandboxOptions>();
        var (down, name) = system switch
        {
            LgspSystem.Residence => (options.Lgsp.ResidenceDown, "The residence system"),
            LgspSystem.Insurance => (options.Lgsp.InsuranceDown, "Social Security"),
            _ => (options.Lgsp.IdentityCardDown, "The identity-card system"),
        };
        if (options.Outage || down)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(title: $"{name} is down (sandbox outage).", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!SandboxCommon.SecretEquals(http.Request.Headers["X-Consumer-Key"], options.Lgsp.ConsumerKey)
            || !SandboxCommon.SecretEquals(http.Request.Headers["apikey"], options.Lgsp.ApiKey))
        {
            return Error(StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "apikey", "X-Consumer-Key and apikey must name the platform's LGSP application.");
        }

        return await next(context);
    }
}
