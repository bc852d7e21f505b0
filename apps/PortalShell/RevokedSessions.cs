using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HanoiEgov.PortalShell;

/// <summary>
/// SSO sessions the realm has ended (back-channel logout). A portal session that belongs to one is over at its next
/// request, on every instance of every portal: they share the distributed cache (Redis where the AppHost gives the
/// portals one). Each entry lives as long as an SSO session can (<see cref="PortalSessionOptions.MaxLifetime"/>),
/// after which no cookie of it is valid anyway, so the set stays bounded.
/// </summary>
internal sealed partial class RevokedSessions(IDistributedCache cache, IOptions<PortalSessionOptions> options, ILogger<RevokedSessions> logger)
{
    private const string Prefix = "portal:revoked-session:";
    private static readonly byte[] Revoked = [1];

    public Task RevokeAsync(string sessionId, CancellationToken cancellationToken) =>
        cache.SetAsync(Prefix + sessionId, Revoked, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.Value.MaxLifetime }, cancellationToken);

    public async Task<bool> IsRevokedAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is null)
        {
            return false;
        }

        try
        {
            return await cache.GetAsync(Prefix + sessionId, cancellationToken) is not null;
        }
        // Without the store the session goes on: its next token refresh asks the realm, which knows the session ended.
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStoreUnavailable(logger, exception.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store of revoked sessions could not be read; the realm's refresh check still ends them: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);
}
