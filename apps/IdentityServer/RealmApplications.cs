using HanoiEgov.IdentityServer.Realm;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HanoiEgov.IdentityServer;

/// <summary>Makes OpenIddict's application table say exactly what the realm file says, at every start.</summary>
internal sealed class RealmApplications(IServiceProvider services, KeycloakRealm realm) : IHostedService
{
    /// <summary>The PostgreSQL advisory lock a starting server holds while it makes the schema and applications right.</summary>
    private const string TakeStartLock = "SELECT pg_advisory_lock(7236842)";
    private const string ReleaseStartLock = "SELECT pg_advisory_unlock(7236842)";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database;
        // Replicas starting together take turns, so none meets half-made tables or the other's applications.
        await database.OpenConnectionAsync(cancellationToken);
        await database.ExecuteSqlRawAsync(TakeStartLock, cancellationToken);
        try
        {
            await SynchronizeAsync(scope.ServiceProvider, database, cancellationToken);
        }
        finally
        {
            await database.ExecuteSqlRawAsync(ReleaseStartLock, CancellationToken.None);
            await database.CloseConnectionAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SynchronizeAsync(IServiceProvider scoped, DatabaseFacade database, CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        await database.ExecuteSqlRawAsync(IdentityDbContext.AddedTables, cancellationToken);
        var applications = scoped.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in realm.Clients)
        {
            var existing = await applications.FindByClientIdAsync(client.ClientId, cancellationToken);
            // Updated in place: deleting an application deletes its tokens, and a restart must keep the sessions' refresh tokens.
            if (existing is not null && client.Enabled)
            {
                await applications.UpdateAsync(existing, Describe(client), cancellationToken);
            }
            else if (existing is not null)
            {
                await applications.DeleteAsync(existing, cancellationToken);
            }
            else if (client.Enabled)
            {
                await applications.CreateAsync(Describe(client), cancellationToken);
            }
        }
    }

    internal static OpenIddictApplicationDescriptor Describe(KeycloakClient client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.PublicClient ? null : client.Secret,
            ClientType = client.PublicClient ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = client.Name ?? client.ClientId,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation]);
        if (client.StandardFlowEnabled)
        {
            descriptor.Permissions.UnionWith(
            [
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
                Permissions.Scopes.Roles,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            ]);
            descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(uri => new Uri(uri)));
            descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(uri => new Uri(uri)));
        }

        if (client.ServiceAccountsEnabled)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        if (client.RequiresPkce)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        return descriptor;
    }
}
