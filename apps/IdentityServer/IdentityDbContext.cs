using Microsoft.EntityFrameworkCore;

namespace HanoiEgov.IdentityServer;

/// <summary>OpenIddict's applications, authorizations and tokens (codes are single-use, refresh tokens revocable).</summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options);
