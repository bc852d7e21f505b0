using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HanoiEgov.VendorSandbox.Population;

namespace HanoiEgov.VendorSandbox.Apis;

internal static class SandboxCommon
{
    public static bool SecretEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    /// <summary>Every vendor answer waits the configured latency first, so modules' timeouts can be exercised.</summary>
    public static RouteGroupBuilder WithSandboxLatency(this RouteGroupBuilder group) => group.AddEndpointFilter(LatencyAsync);

    public static RouteHandlerBuilder WithSandboxLatency(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(LatencyAsync);

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    public static string Base64(X509Certificate2 certificate) => Convert.ToBase64String(certificate.RawData);

    /// <summary>A signer known to the population registry, and their certificate from this face's CA.</summary>
    public static (Person Person, X509Certificate2 Certificate)? Signer(VendorFace face, PopulationRegistry population, string personalId) =>
        population.Find(personalId) is { } person
            ? (person, face.Authority.SignerCertificate(person.PersonalId, person.FullName))
            : null;

    public static byte[]? FromHex(string? hex)
    {
        try
        {
            return hex is { Length: > 0 } ? Convert.FromHexString(hex) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static byte[]? FromBase64(string? base64)
    {
        try
        {
            return base64 is { Length: > 0 } ? Convert.FromBase64String(base64) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The root and issuing certificates of every face, for verifiers to trust.</summary>
    public static void MapCertificateAuthorityApi(this IEndpointRouteBuilder app, SandboxFaces faces)
    {
        foreach (var name in faces.Names)
        {
            app.MapGet($"/{name}/", () => TypedResults.Ok(new { vendor = name, sandbox = true })).AllowAnonymous().WithSandboxLatency();
            var group = app.MapGroup($"/{name}/ca").WithTags($"{name} CA").AllowAnonymous();
            group.MapGet("/root.pem", (SandboxFaces all) => TypedResults.Text(Pem(all[name].Authority.Root), "application/x-pem-file"));
            group.MapGet("/issuing.pem", (SandboxFaces all) => TypedResults.Text(Pem(all[name].Authority.Issuing), "application/x-pem-file"));
        }
    }

    private static async ValueTask<object?> LatencyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<SandboxOptions>();
        if (options.Outage)
        {
            return TypedResults.Problem(title: "The vendor is down (sandbox outage).", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(options.Latency, context.HttpContext.RequestAborted);
        }

        return await next(context);
    }
}
