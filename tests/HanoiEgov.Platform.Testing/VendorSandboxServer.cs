using System.Net.Http.Json;
using System.Security.Cryptography;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>The credentials a sandbox run and the vendor modules under test share, fresh for each sandbox.</summary>
internal sealed record SandboxCredentials(
    string VnptSpId, string VnptSpPassword, string Brandname,
    string ViettelClientId, string ViettelClientSecret, string MerchantCode, string HashKey,
    string FptRelyingParty, string FptPassword, string LgspConsumerKey, string LgspApiKey)
{
    public static SandboxCredentials Generate() => new(
        "sp-test", Random(), "HANOI-EGOV", "client-test", Random(), "MERCHANT", Random(), "RP_TEST", Random(), "consumer-test", Random());

    private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}

/// <summary>
/// The vendor sandbox as its own process on a real port and a state folder of its own, as the AppHost runs it;
/// it can be stopped and started again on the same port and state (its test CAs survive).
/// </summary>
internal sealed class VendorSandboxServer : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private ServerProcess? process;

    private VendorSandboxServer(int port, string stateDirectory, SandboxCredentials credentials, IReadOnlyDictionary<string, string> extra)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        StateDirectory = stateDirectory;
        Credentials = credentials;
        Client = new HttpClient { BaseAddress = BaseAddress };
        settings = new Dictionary<string, string>(extra)
        {
            ["Sandbox__StateDirectory"] = stateDirectory,
            ["Sandbox__Vnpt__SpId"] = credentials.VnptSpId,
            ["Sandbox__Vnpt__SpPassword"] = credentials.VnptSpPassword,
            ["Sandbox__Vnpt__Brandname"] = credentials.Brandname,
            ["Sandbox__Viettel__ClientId"] = credentials.ViettelClientId,
            ["Sandbox__Viettel__ClientSecret"] = credentials.ViettelClientSecret,
            ["Sandbox__Viettel__MerchantCode"] = credentials.MerchantCode,
            ["Sandbox__Viettel__HashKey"] = credentials.HashKey,
            ["Sandbox__Fpt__RelyingParty"] = credentials.FptRelyingParty,
            ["Sandbox__Fpt__RelyingPartyPassword"] = credentials.FptPassword,
            ["Sandbox__Lgsp__ConsumerKey"] = credentials.LgspConsumerKey,
            ["Sandbox__Lgsp__ApiKey"] = credentials.LgspApiKey,
            ["ASPNETCORE_URLS"] = BaseAddress.ToString(),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
    }

    public Uri BaseAddress { get; }

    public string StateDirectory { get; }

    public SandboxCredentials Credentials { get; }

    /// <summary>A plain client on the sandbox, for its own hooks and raw vendor calls.</summary>
    public HttpClient Client { get; }

    public Uri Face(string face) => new(BaseAddress, $"{face}/");

    /// <summary>The <c>Vendors:*</c> settings that point the VNPT, Viettel, FPT and LGSP modules at this sandbox, as the AppHost gives them.</summary>
    public Dictionary<string, string> VendorSettings() => new()
    {
        ["Vendors:VNPT:BaseUrl"] = Face("vnpt").ToString(),
        ["Vendors:VNPT:SpId"] = Credentials.VnptSpId,
        ["Vendors:VNPT:SpPassword"] = Credentials.VnptSpPassword,
        ["Vendors:VNPT:Brandname"] = Credentials.Brandname,
        ["Vendors:Viettel:BaseUrl"] = Face("viettel").ToString(),
        ["Vendors:Viettel:ClientId"] = Credentials.ViettelClientId,
        ["Vendors:Viettel:ClientSecret"] = Credentials.ViettelClientSecret,
        ["Vendors:Viettel:MerchantCode"] = Credentials.MerchantCode,
        ["Vendors:Viettel:HashKey"] = Credentials.HashKey,
        ["Vendors:FPT:BaseUrl"] = Face("fpt").ToString(),
        ["Vendors:FPT:RelyingParty"] = Credentials.FptRelyingParty,
        ["Vendors:FPT:RelyingPartyPassword"] = Credentials.FptPassword,
        ["Vendors:LGSP:BaseUrl"] = Face("lgsp").ToString(),
        ["Vendors:LGSP:ConsumerKey"] = Credentials.LgspConsumerKey,
        ["Vendors:LGSP:ApiKey"] = Credentials.LgspApiKey,
    };

    /// <param name="extra">More environment, e.g. <c>Sandbox__Signing__AutoConfirm</c>.</param>
    public static async Task<VendorSandboxServer> StartAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new VendorSandboxServer(FreePort.Next(), TestDirectories.Create("vendor-sandbox"), SandboxCredentials.Generate(), extra ?? new Dictionary<string, string>());
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (SandboxExitedException) when (attempt < 3)
            {
                // The free port was taken again before the sandbox bound it (other tests open ports too): take another.
                await server.DisposeAsync();
            }
        }
    }

    public async Task StartAsync()
    {
        var projectDirectory = Path.GetDirectoryName(new Projects.HanoiEgov_VendorSandbox().ProjectPath)!;
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var assembly = Path.Combine(projectDirectory, "bin", configuration, "net10.0", "HanoiEgov.VendorSandbox.dll");
        process = ServerProcess.Start("vendor-sandbox", ("dotnet", [assembly]), settings);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync("health");
                if (response.IsSuccessStatusCode && !process.HasExited)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                throw new SandboxExitedException($"The vendor sandbox exited on start:\n{process.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The vendor sandbox did not start:\n{process.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Kills the process, as a crash or a stopped container would.</summary>
    public void Stop() => process?.Dispose();

    public async Task ConfigureAsync(object settingsBody, CancellationToken cancellationToken)
    {
        using var response = await Client.PutAsJsonAsync("sandbox/settings", settingsBody, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        Client.Dispose();
        TestDirectories.Delete(StateDirectory);
        await Task.CompletedTask;
    }
}

internal sealed class SandboxExitedException(string message) : Exception(message);
