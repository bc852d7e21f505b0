using HanoiEgov.IdentityServer.Realm;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HanoiEgov.IdentityServer;

/// <summary>Makes OpenIddict's application table say exactly what the realm file says, at every start.</summary>
internal sealed class RealmApplications(IServiceProvider services, KeycloakRealm realm) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database;
        await database.EnsureCreatedAsync(cancellationToken);
        await database.ExecuteSqlRawAsync(IdentityDbContext.AddedTables, cancellationToken);
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
