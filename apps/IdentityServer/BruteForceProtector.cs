using System.Collections.Concurrent;
using HanoiEgov.IdentityServer.Realm;

namespace HanoiEgov.IdentityServer;

/// <summary>
/// Keycloak's temporary lockout as the realm configures it: after <c>failureFactor</c> failed logins a username is
/// refused for <c>waitIncrementSeconds</c>, growing with every further failure up to <c>maxFailureWaitSeconds</c>.
/// Unknown usernames are counted too, so the answer never tells whether an account exists.
/// </summary>
internal sealed class BruteForceProtector(KeycloakRealm realm, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLocked(string username) =>
        realm.BruteForceProtected && failures.TryGetValue(username, out var record) && record.LockedUntil > clock.GetUtcNow();

    public void Failed(string username)
    {
        if (!realm.BruteForceProtected)
        {
            return;
        }

        failures.AddOrUpdate(
            username,
            _ => Next(0),
            (_, record) => Next(record.Count));
    }

    public void Succeeded(string username) => failures.TryRemove(username, out _);

    private Failures Next(int previous)
    {
        var count = previous + 1;
        var over = count - realm.FailureFactor;
        var lockedUntil = over < 0
            ? DateTimeOffset.MinValue
            : clock.GetUtcNow().AddSeconds(Math.Min(realm.WaitIncrementSeconds * (over + 1), realm.MaxFailureWaitSeconds));
        return new Failures(count, lockedUntil);
    }

    private sealed record Failures(int Count, DateTimeOffset LockedUntil);
}
