using System.Security.Cryptography;
using System.Text;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>Ids of dossiers submitted with an Idempotency-Key: the same applicant and key always name the same dossier.</summary>
internal static class DossierIds
{
    public static Guid OfSubmission(string applicantId, string idempotencyKey) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{applicantId}\u001f{idempotencyKey}")).AsSpan(0, 16));
}
