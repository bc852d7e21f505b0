using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages;

/// <summary>Calls the platform API with the signed-in user's access token: who the platform says the official is.</summary>
[Authorize]
internal sealed class CallApiModel(IHttpClientFactory http) : PageModel
{
    public int Status { get; private set; }

    public string Answer { get; private set; } = "";

    public async Task OnGetAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new("Bearer", await HttpContext.GetTokenAsync("access_token"));
        using var response = await http.CreateClient(PlatformApi.ClientName).SendAsync(request, HttpContext.RequestAborted);
        Status = (int)response.StatusCode;
        Answer = await response.Content.ReadAsStringAsync(HttpContext.RequestAborted);
    }
}
