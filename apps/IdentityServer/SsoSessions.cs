using System.Security.Cryptography;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.EntityFrameworkCore;

namespace HanoiEgov.IdentityServer;

/// <summary>One signed-in browser session (Keycloak's SSO session) and the clients that received tokens in it.</summary>
internal sealed record SsoSession(string Id, string Username, DateTimeOffset Started, DateTimeOffset LastSeen, IReadOnlyList<string> Clients);

/// <summary>
/// The realm's SSO sessions, in PostgreSQL so that every replica and a restarted server know them. A session is live
/// until it is ended (logout), idle for longer than <c>ssoSessionIdleTimeout</c> or older than
/// <c>ssoSessionMaxLifespan</c>, as in Keycloak. Ending one ends it for every client (see <see cref="BackchannelLogout"/>).
/// </summary>
internal sealed class SsoSessions(IdentityDbContext database, KeycloakRealm realm, TimeProvider clock)
{
    public async Task<SsoSession> StartAsync(string username, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = new StoredSsoSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Username = username,
            Started = now,
            LastSeen = now,
        };
        database.SsoSessions.Add(stored);
        await database.SaveChangesAsync(cancellationToken);

        // Sessions past the realm's maximum can never be used again; each sign-in clears them, so the table stays bounded.
        var expired = now.AddSeconds(-realm.SsoSessionMaxLifespan);
        await database.SsoSessions.Where(session => session.Started < expired).ExecuteDeleteAsync(cancellationToken);
        return Describe(stored);
    }

    /// <summary>The session if it is live; null when unknown, ended, idle too long or past its maximum lifespan.</summary>
    public async Task<SsoSession?> FindAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }

        var stored = await database.SsoSessions.AsNoTracking().SingleOrDefaultAsync(session => session.Id == id, cancellationToken);
        return stored is not null && IsLive(stored) ? Describe(stored) : null;
    }

    /// <summary>The session was used by <paramref name="clientId"/> (a sign-in or a refresh): it is no longer idle, and its logout reaches that client.</summary>
    public async Task UsedByAsync(SsoSession session, string clientId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await database.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE sso_sessions SET last_seen = {now},
                clients = CASE WHEN {clientId} = ANY(clients) THEN clients ELSE array_append(clients, {clientId}) END
            WHERE id = {session.Id}
            """,
            cancellationToken);
    }

    /// <summary>Ends the session; the session as it was, or null when it was not live (so its clients are told once).</summary>
    public async Task<SsoSession?> EndAsync(string? id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } session)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var ended = await database.SsoSessions
            .Where(stored => stored.Id == session.Id && stored.Ended == null)
            .ExecuteUpdateAsync(stored => stored.SetProperty(row => row.Ended, now), cancellationToken);
        return ended == 1 ? session : null;
    }

    private bool IsLive(StoredSsoSession session)
    {
        var now = clock.GetUtcNow();
        return session.Ended is null
            && now - session.Started < TimeSpan.FromSeconds(realm.SsoSessionMaxLifespan)
            && now - session.LastSeen < TimeSpan.FromSeconds(realm.SsoSessionIdleTimeout);
    }

    private static SsoSession Describe(StoredSsoSession stored) =>
        new(stored.Id, stored.Username, stored.Started, stored.LastSeen, stored.Clients);
}
