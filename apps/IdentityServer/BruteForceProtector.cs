using HanoiEgov.IdentityServer.Realm;
using Microsoft.EntityFrameworkCore;

namespace HanoiEgov.IdentityServer;

/// <summary>
/// Keycloak's temporary lockout as the realm configures it: after <c>failureFactor</c> failed logins a username is
/// refused for <c>waitIncrementSeconds</c>, growing with every further failure up to <c>maxFailureWaitSeconds</c>;
/// failures older than <c>maxDeltaTimeSeconds</c> are forgotten. Unknown usernames are counted too, so the answer
/// never tells whether an account exists. The counters are in PostgreSQL, so every replica counts the same failures.
/// </summary>
internal sealed class BruteForceProtector(IdentityDbContext database, KeycloakRealm realm, TimeProvider clock)
{
    public async Task<bool> IsLockedAsync(string username, CancellationToken cancellationToken)
    {
        if (!realm.BruteForceProtected)
        {
            return false;
        }

        var key = Key(username);
        var now = clock.GetUtcNow();
        return await database.LoginFailures.AnyAsync(failures => failures.Username == key && failures.LockedUntil > now, cancellationToken);
    }

    public async Task FailedAsync(string username, CancellationToken cancellationToken)
    {
        if (!realm.BruteForceProtected)
        {
            return;
        }

        var key = Key(username);
        var now = clock.GetUtcNow();
        var forgetBefore = now.AddSeconds(-realm.MaxDeltaTimeSeconds);
        // One statement counts the failure, so two replicas counting at once never lose one.
        var count = await database.Database.SqlQuery<int>(
            $"""
            INSERT INTO login_failures AS f (username, failures, locked_until, last_failure) VALUES ({key}, 1, {DateTimeOffset.MinValue}, {now})
            ON CONFLICT (username) DO UPDATE SET
                failures = CASE WHEN f.last_failure < {forgetBefore} THEN 1 ELSE f.failures + 1 END,
                last_failure = {now}
            RETURNING failures AS "Value"
            """).ToListAsync(cancellationToken);
        var over = count[0] - realm.FailureFactor;
        if (over < 0)
        {
            return;
        }

        var lockedUntil = now.AddSeconds(Math.Min(realm.WaitIncrementSeconds * (over + 1), realm.MaxFailureWaitSeconds));
        await database.LoginFailures.Where(failures => failures.Username == key)
            .ExecuteUpdateAsync(failures => failures.SetProperty(row => row.LockedUntil, lockedUntil), cancellationToken);
    }

    public async Task SucceededAsync(string username, CancellationToken cancellationToken)
    {
        var key = Key(username);
        await database.LoginFailures.Where(failures => failures.Username == key).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Key(string username) => username.ToLowerInvariant();
}
