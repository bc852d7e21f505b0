using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using HanoiEgov.Vendors.Fpt;
using HanoiEgov.Vendors.Viettel;
using HanoiEgov.Vendors.Vnpt;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// Hash signing round trips per second through the vendor sandbox (its phone confirming at once), each vendor's
/// module as the platform builds it, then the cost of verifying one of the signatures.
/// </summary>
internal sealed class SigningBenchmark(BenchOptions options)
{
    private const string Signer = "001090012345";

    // A head signs dossier results one at a time; 8 is a busy ward's heads at once.
    private static readonly int[] Callers = [1, 8];

    public async Task RunAsync()
    {
        await using var sandbox = await VendorSandboxServer.StartAsync(new Dictionary<string, string> { ["Sandbox__Signing__AutoConfirm"] = "Confirm" });
        using var modules = new VendorModuleHost(sandbox, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        byte[]? cms = null;
        var document = RandomNumberGenerator.GetBytes(1024);

        Console.WriteLine();
        Console.WriteLine($"| vendor | callers | hash signing round trips/s ({options.Seconds} s, after 2 s to warm up) | p50 | p99 |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var vendor in new[] { VnptModule.VendorName, ViettelModule.VendorName, FptModule.VendorName })
        {
            var provider = modules.Provider<IDigitalSignatureProvider>(vendor);
            var credential = Succeeded(await provider.ListCertificatesAsync(Signer, CancellationToken.None))[0].CredentialId;
            foreach (var callers in Callers)
            {
                await MeasureAsync(provider, credential, callers, TimeSpan.FromSeconds(2), document, new Latencies());
                var latencies = new Latencies();
                var started = Stopwatch.GetTimestamp();
                var signature = await MeasureAsync(provider, credential, callers, TimeSpan.FromSeconds(options.Seconds), document, latencies);
                var perSecond = latencies.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {vendor} | {callers} | {perSecond:N0} | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms |"));
                cms ??= signature;
            }
        }

        var vnptSignature = cms ?? throw new InvalidOperationException("No signature was made.");
        using var root = X509Certificate2.CreateFromPem(await sandbox.Client.GetStringAsync("vnpt/ca/root.pem"));
        Console.WriteLine();
        Console.WriteLine($"| verifying one VNPT signature over 1 KiB ({options.Samples} calls on one thread, after 20 to warm up) | mean | p50 | p99 | allocated per call |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Verify("`CmsSignatureVerifier.Verify` (signature, digest, chain to the root)", () =>
        {
            if (!CmsSignatureVerifier.Verify(vnptSignature, document, [root]).IsValid)
            {
                throw new InvalidOperationException("The sandbox's signature did not verify.");
            }
        });
        Verify("`SignedCms.Decode` + `CheckSignature(verifySignatureOnly: true)`", () =>
        {
            var signed = new SignedCms(new ContentInfo(document), detached: true);
            signed.Decode(vnptSignature);
            signed.CheckSignature(verifySignatureOnly: true);
        });
        Console.WriteLine();
    }

    /// <summary>Round trips by <paramref name="callers"/> callers for <paramref name="duration"/>; answers one CMS signature.</summary>
    private static async Task<byte[]> MeasureAsync(
        IDigitalSignatureProvider provider, string credential, int callers, TimeSpan duration, byte[] document, Latencies latencies)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var signatures = await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            var cms = Array.Empty<byte>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                cms = await RoundTripAsync(provider, credential, document);
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }

            return cms;
        }));
        return signatures[0];
    }

    /// <summary>Asks for a signature of the document's hash and polls until the CMS is there.</summary>
    private static async Task<byte[]> RoundTripAsync(IDigitalSignatureProvider provider, string credential, byte[] document)
    {
        var request = new SignHashRequest(Guid.NewGuid().ToString("N"), Signer, credential, SHA256.HashData(document), HashAlgorithmName.SHA256, "Kết quả hồ sơ.pdf");
        var transaction = Succeeded(await provider.RequestSignatureAsync(request, CancellationToken.None));
        while (true)
        {
            var signature = await provider.GetSignatureAsync(transaction.TransactionId, CancellationToken.None);
            if (signature.Succeeded)
            {
                return signature.Value.Cms.ToArray();
            }

            if (signature.Failure.Code != VendorFailureCodes.NotCompleted)
            {
                throw new InvalidOperationException(signature.ToString());
            }
        }
    }

    private void Verify(string what, Action verify)
    {
        for (var i = 0; i < 20; i++)
        {
            verify();
        }

        var latencies = new Latencies();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.Samples; i++)
        {
            var one = Stopwatch.GetTimestamp();
            verify();
            latencies.Add(Stopwatch.GetElapsedTime(one));
        }

        var mean = Stopwatch.GetElapsedTime(started).TotalMilliseconds / options.Samples;
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / options.Samples;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {mean:0.00} ms | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms | {perCall / 1024.0:N1} KiB |"));
    }

    private static T Succeeded<T>(VendorResult<T> result) =>
        result.Succeeded ? result.Value : throw new InvalidOperationException(result.ToString());
}
