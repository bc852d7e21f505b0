using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>
/// Each face's remote-signing API spoken raw, as its vendor documents it, so the sandbox is tested apart from the
/// platform's modules: certificates of a signer, a sign request for one SHA-256 hash, and its status.
/// </summary>
internal sealed class SandboxSigningClient(VendorSandboxServer sandbox, string face)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private SandboxCredentials Credentials => sandbox.Credentials;

    public async Task<(string CredentialId, X509Certificate2 Certificate)?> CertificateAsync(string personalId)
    {
        switch (face)
        {
            case "vnpt":
            {
                using var answer = await PostAsync("vnpt/sca/sp769/v1/credentials/get_certificate", new { sp_id = Credentials.VnptSpId, sp_password = Credentials.VnptSpPassword, user_id = personalId });
                var content = answer.RootElement.GetProperty("content");
                return content.GetArrayLength() == 0 ? null
                    : (content[0].GetProperty("serial_number").GetString()!, Certificate(content[0].GetProperty("cert_data")));
            }

            case "viettel":
            {
                using var list = await PostAsync("viettel/csc/v1/credentials/list", new { userID = personalId }, await TokenAsync());
                var ids = list.RootElement.GetProperty("credentialIDs");
                if (ids.GetArrayLength() == 0)
                {
                    return null;
                }

                var id = ids[0].GetString()!;
                using var info = await PostAsync("viettel/csc/v1/credentials/info", new { credentialID = id, certificates = "single", certInfo = true }, await TokenAsync());
                return (id, Certificate(info.RootElement.GetProperty("cert").GetProperty("certificates")[0]));
            }

            default:
            {
                using var answer = await PostAsync("fpt/esign/v1/certificates", new { userId = personalId }, FptAuthorization());
                var certificates = answer.RootElement.GetProperty("certificates");
                return certificates.GetArrayLength() == 0 ? null
                    : (certificates[0].GetProperty("certificateSerial").GetString()!, Certificate(certificates[0].GetProperty("certificate")));
            }
        }
    }

    /// <summary>Asks the signer to sign <paramref name="hash"/>; answers the transaction to poll.</summary>
    public async Task<string> StartAsync(string personalId, string credentialId, byte[] hash)
    {
        switch (face)
        {
            case "vnpt":
            {
                using var answer = await PostAsync("vnpt/sca/sp769/v1/signatures/sign", new
                {
                    sp_id = Credentials.VnptSpId, sp_password = Credentials.VnptSpPassword, user_id = personalId, serial_number = credentialId,
                    transaction_desc = "Ký kết quả hồ sơ", sign_files = new[] { new { data_to_be_signed = Convert.ToHexString(hash), doc_id = "result", file_type = "pdf", sign_type = "hash" } },
                });
                return answer.RootElement.GetProperty("content").GetProperty("tran_id").GetString()!;
            }

            case "viettel":
            {
                using var answer = await PostAsync("viettel/csc/v1/signatures/signHash", new
                {
                    credentialID = credentialId, hash = new[] { Convert.ToBase64String(hash) }, hashAlgo = "2.16.840.1.101.3.4.2.1", signAlgo = "1.2.840.113549.1.1.11",
                }, await TokenAsync());
                return answer.RootElement.GetProperty("transactionID").GetString()!;
            }

            default:
            {
                using var answer = await PostAsync("fpt/esign/v1/sign", new
                {
                    userId = personalId, certificateSerial = credentialId,
                    documents = new[] { new { documentName = "result.pdf", hash = Convert.ToBase64String(hash), hashAlgorithm = "SHA-256" } },
                }, FptAuthorization());
                return answer.RootElement.GetProperty("billCode").GetString()!;
            }
        }
    }

    /// <summary>The request's status word (PENDING, COMPLETED, REJECTED, EXPIRED) and its CMS signature once signed.</summary>
    public async Task<(string Status, byte[]? Signature)> StatusAsync(string transactionId)
    {
        JsonDocument answer;
        switch (face)
        {
            case "vnpt":
                answer = await PostAsync($"vnpt/sca/sp769/v1/signatures/sign/{transactionId}/status", new { sp_id = Credentials.VnptSpId, sp_password = Credentials.VnptSpPassword });
                using (answer)
                {
                    var content = answer.RootElement.GetProperty("content");
                    var signatures = content.GetProperty("signatures");
                    return (content.GetProperty("status").GetString()!, signatures.GetArrayLength() == 0 ? null : Convert.FromBase64String(signatures[0].GetProperty("signature_value").GetString()!));
                }

            case "viettel":
                answer = await GetAsync($"viettel/csc/v1/signatures/transactions/{transactionId}", await TokenAsync());
                using (answer)
                {
                    var signatures = answer.RootElement.GetProperty("signatures");
                    return (answer.RootElement.GetProperty("status").GetString()!, signatures.GetArrayLength() == 0 ? null : Convert.FromBase64String(signatures[0].GetString()!));
                }

            default:
                answer = await GetAsync($"fpt/esign/v1/sign/{transactionId}", FptAuthorization());
                using (answer)
                {
                    var signatures = answer.RootElement.GetProperty("signatures");
                    return (answer.RootElement.GetProperty("status").GetString()!, signatures.GetArrayLength() == 0 ? null : Convert.FromBase64String(signatures[0].GetProperty("signature").GetString()!));
                }
        }
    }

    /// <summary>Plays the signer's phone: confirm, reject or expire.</summary>
    public async Task<HttpResponseMessage> PhoneAsync(string transactionId, string answer) =>
        await sandbox.Client.PostAsync($"{face}/sandbox/phone/transactions/{transactionId}/{answer}", null, Cancellation);

    public async Task<byte[]> RootPemAsync() => Encoding.ASCII.GetBytes(await sandbox.Client.GetStringAsync($"{face}/ca/root.pem", Cancellation));

    private static X509Certificate2 Certificate(JsonElement base64) => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64.GetString()!));

    private AuthenticationHeaderValue FptAuthorization() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credentials.FptRelyingParty}:{Credentials.FptPassword}")));

    private async Task<AuthenticationHeaderValue> TokenAsync()
    {
        using var response = await sandbox.Client.PostAsync("viettel/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Credentials.ViettelClientId,
            ["client_secret"] = Credentials.ViettelClientSecret,
        }), Cancellation);
        response.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
    }

    private async Task<JsonDocument> PostAsync(string path, object body, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = authorization;
        return await SendAsync(request);
    }

    private async Task<JsonDocument> GetAsync(string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await SendAsync(request);
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request)
    {
        using var response = await sandbox.Client.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
