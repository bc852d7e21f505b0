using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace HanoiEgov.IdentityServer;

/// <summary>One signed-in browser session (Keycloak's SSO session) and the clients that received tokens in it.</summary>
internal sealed class SsoSession(string id, string username, DateTimeOffset started)
{
    private readonly ConcurrentDictionary<string, byte> clients = new(StringComparer.Ordinal);

    public string Id => id;
    public string Username => username;
    public DateTimeOffset Started => started;
    public IReadOnlyCollection<string> Clients => [.. clients.Keys];

    public void Joined(string clientId) => clients.TryAdd(clientId, 0);
}

/// <summary>The live SSO sessions. Ending one ends it for every client (see <see cref="BackchannelLogout"/>).</summary>
internal sealed class SsoSessions(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, SsoSession> sessions = new(StringComparer.Ordinal);

    public SsoSession Start(string username)
    {
        var session = new SsoSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), username, clock.GetUtcNow());
        sessions[session.Id] = session;
        return session;
    }

    public SsoSession? Find(string? id) => id is not null && sessions.TryGetValue(id, out var session) ? session : null;

    public SsoSession? End(string? id) => id is not null && sessions.TryRemove(id, out var session) ? session : null;
}
