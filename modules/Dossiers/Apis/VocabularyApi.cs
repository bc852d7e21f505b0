using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>Every status and step with its Vietnamese and English names.</summary>
internal sealed record Vocabulary(IReadOnlyList<StatusWords> Statuses, IReadOnlyList<ActionWords> Actions);

/// <summary>The words for statuses and steps, from <see cref="DossierVocabulary"/>, for portals to show what the API's codes mean.</summary>
internal static class VocabularyApi
{
    private static readonly Vocabulary Words = new(DossierVocabulary.Statuses, DossierVocabulary.Actions);

    public static IEndpointRouteBuilder MapVocabularyApi(this IEndpointRouteBuilder endpoints)
    {
        var vocabulary = endpoints.MapGroup("/api/dossiers/vocabulary").WithTags("Dossier vocabulary").AllowAnonymous();
        vocabulary.MapGet("/", GetDossierVocabulary).WithName("GetDossierVocabulary")
            .WithSummary("The national status codes and the dossier steps with their Vietnamese and English names.");
        return endpoints;
    }

    internal static Ok<Vocabulary> GetDossierVocabulary() => TypedResults.Ok(Words);
}
