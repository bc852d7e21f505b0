using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HanoiEgov.ServiceDefaults.Authentication;

/// <summary>
/// Validates bearer tokens as <see cref="JsonWebTokenHandler"/> does, and remembers each token that passed (by its
/// exact text) until it expires, at most <see cref="MaxRemembered"/>: a session's later calls skip the RSA signature
/// check, which was the largest single cost of an API call. A remembered token is never accepted after its expiry;
/// every caller gets its own copy of the identity, so claims added to one request's principal stay with it.
/// </summary>
/// <remarks>
/// What this gives up: a token validated with a signing key the realm later withdraws stays accepted until it
/// expires or <see cref="MaxRemembered"/> passes, whichever comes first.
/// </remarks>
internal sealed class RememberedAccessTokens(TimeProvider clock) : JsonWebTokenHandler
{
    public static readonly TimeSpan MaxRemembered = TimeSpan.FromMinutes(5);

    /// <summary>Tokens remembered at most; beyond it, expired ones are dropped, and if none were, all of them.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Remembered> remembered = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (remembered.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return known.Copy();
            }

            remembered.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { ValidTo: var expires } && expires > now.UtcDateTime)
        {
            if (remembered.Count >= Capacity)
            {
                Forget(now);
            }

            var until = new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc));
            remembered[token] = new Remembered(result, until < now + MaxRemembered ? until : now + MaxRemembered);
        }

        return result;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (token, entry) in remembered)
        {
            if (entry.Until <= now)
            {
                remembered.TryRemove(token, out _);
            }
        }

        if (remembered.Count >= Capacity)
        {
            remembered.Clear();
        }
    }

    private sealed record Remembered(TokenValidationResult Result, DateTimeOffset Until)
    {
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            SecurityToken = Result.SecurityToken,
            ClaimsIdentity = Result.ClaimsIdentity.Clone(),
            Issuer = Result.Issuer,
            TokenType = Result.TokenType,
            TokenContext = Result.TokenContext,
        };
    }
}
