using HanoiEgov.PortalShell.Declarations;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace HanoiEgov.CitizenPortal.Pages.Interlinked;

/// <summary>A parent declares a birth online (/interlinked/birth), to the commune they choose.</summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class BirthModel(PlatformApi api, DraftCookies drafts) : InterlinkedFormModel<BirthFields>(api, drafts, atCounter: false);

/// <summary>A relative declares a death online (/interlinked/death), to the commune they choose.</summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class DeathModel(PlatformApi api, DraftCookies drafts) : InterlinkedFormModel<DeathFields>(api, drafts, atCounter: false);
