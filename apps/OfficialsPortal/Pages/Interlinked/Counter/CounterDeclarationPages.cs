using HanoiEgov.PortalShell.Declarations;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace HanoiEgov.OfficialsPortal.Pages.Interlinked.Counter;

/// <summary>A one-stop clerk registers the interlinked birth declaration brought to the counter (/interlinked/counter/birth), for the applicant named.</summary>
[Authorize(Policy = PlatformPolicies.OneStopClerk)]
internal sealed class BirthCounterModel(PlatformApi api, DraftCookies drafts) : InterlinkedFormModel<BirthFields>(api, drafts, atCounter: true);

/// <summary>A one-stop clerk registers the interlinked death declaration brought to the counter (/interlinked/counter/death), for the applicant named.</summary>
[Authorize(Policy = PlatformPolicies.OneStopClerk)]
internal sealed class DeathCounterModel(PlatformApi api, DraftCookies drafts) : InterlinkedFormModel<DeathFields>(api, drafts, atCounter: true);
