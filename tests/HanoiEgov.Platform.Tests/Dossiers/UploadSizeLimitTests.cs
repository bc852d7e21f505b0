using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// An upload over the size limit is cut off while it arrives, on the platform host as its own process behind Kestrel
/// on a real port: the answer is 413 naming the file, and the host's peak memory does not grow by the body's size.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UploadSizeLimitTests(LocalServersFixture servers)
{
    private const long BodySize = 40L * 1024 * 1024;
    private const string Boundary = "oversize-upload";
    private static readonly byte[] PartHead = System.Text.Encoding.ASCII.GetBytes(
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lon.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n");

    [Fact]
    public async Task An_upload_over_the_limit_is_cut_off_while_it_arrives_with_413_naming_the_file_and_the_hosts_memory_does_not_grow_by_its_size()
    {
        using var host = PlatformHostProcess.Start(await servers.CreateDatabaseAsync("uploadlimit"), servers.RedisConnectionString, servers.Identity.BaseAddress, out var baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress };
        try
        {
            await Eventually.HealthyAsync(client, TimeSpan.FromSeconds(90));
            var token = (await servers.Tokens.SignInAsync("nguyen.van.an", "citizen-portal")).GetProperty("access_token").GetString()!;
            for (var warmUp = 0; warmUp < 3; warmUp++)
            {
                var file = new ByteArrayContent([.. "%PDF-1.4\n"u8, .. new byte[64 * 1024]]);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                using var small = await SendAsync(client, token, new MultipartFormDataContent { { file, "file", "nho.pdf" } });
                Assert.Equal(HttpStatusCode.Created, small.StatusCode);
            }

            var peakBefore = PeakWorkingSet(host.Id);
            var chunked = await RawUploadAsync(baseAddress, token, declaresLength: false);
            var declared = await RawUploadAsync(baseAddress, token, declaresLength: true);
            var growth = PeakWorkingSet(host.Id) - peakBefore;

            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Oversize upload of {BodySize / (1024 * 1024)} MB: chunked, {chunked.Sent / 1024} KB sent before the 413; with Content-Length, {declared.Sent / 1024} KB; the host's peak working set grew by {growth / 1024} KB."));
            foreach (var answer in new[] { chunked.Response, declared.Response })
            {
                Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
                Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("\"field\":\"file\"", answer, StringComparison.Ordinal);
            }

            Assert.True(chunked.Sent < BodySize / 2, $"{chunked.Sent} of {BodySize} bytes were sent before the refusal.");
            Assert.True(growth < BodySize / 4, $"The host's peak working set grew by {growth} bytes for a {BodySize}-byte upload.");
        }
        finally
        {
            host.Stop();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string token, HttpContent upload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments") { Content = upload };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Sends a <see cref="BodySize"/>-byte upload over a socket of its own, chunked or with its length declared, and
    /// stops sending once the answer arrives or the host closes the connection; the answer as received, and how much was sent.
    /// </summary>
    private static async Task<(string Response, long Sent)> RawUploadAsync(Uri baseAddress, string token, bool declaresLength)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellation);
        var stream = tcp.GetStream();
        var head = $"POST /api/attachments HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + $"Content-Type: multipart/form-data; boundary={Boundary}\r\n"
            + (declaresLength ? $"Content-Length: {BodySize}\r\n" : "Transfer-Encoding: chunked\r\n") + "\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), cancellation);
        var reading = ReadToEndAsync(stream, cancellation);
        long sent = 0;
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        PartHead.CopyTo(chunk, 0);
        try
        {
            while (sent < BodySize && !reading.IsCompleted)
            {
                var count = (int)Math.Min(chunk.Length, BodySize - sent);
                if (!declaresLength)
                {
                    await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{count:X}\r\n"), cancellation);
                }

                await stream.WriteAsync(chunk.AsMemory(0, count), cancellation);
                if (!declaresLength)
                {
                    await stream.WriteAsync("\r\n"u8.ToArray(), cancellation);
                }

                sent += count;
            }
        }
        catch (IOException)
        {
            // The host closed the connection while the upload was still arriving.
        }

        return (await reading.WaitAsync(TimeSpan.FromSeconds(30), cancellation), sent);
    }

    private static async Task<string> ReadToEndAsync(Stream stream, CancellationToken cancellation)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellation)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is kept.
        }

        return System.Text.Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>The process's peak resident set (VmHWM), in bytes.</summary>
    private static long PeakWorkingSet(int processId) =>
        long.Parse(File.ReadLines($"/proc/{processId}/status").Single(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
