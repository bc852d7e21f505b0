using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Vnpt;

/// <summary>VNPT's SMS brandname agent: send under the registered brandname, then follow the delivery report.</summary>
internal sealed class VnptSmsGateway(IHttpClientFactory clients, IOptions<VnptOptions> options) : ISmsGateway
{
    private const int InvalidPhone = 2001;
    private const int SmsNotFound = 2004;

    public async Task<VendorResult<SmsReceipt>> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = VnptModule.Connection.Source.StartActivity("VNPT SMS send");
        if (!VietnameseMobileNumber.TryNormalize(message.PhoneNumber, out var phone))
        {
            return VendorResult.Fail<SmsReceipt>(new VendorFailure(VendorFailureCodes.InvalidPhoneNumber, $"phoneNumber: {VietnameseMobileNumber.Rule}")).Traced(activity);
        }

        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return VendorResult.Fail<SmsReceipt>(new VendorFailure(VendorFailureCodes.InvalidRequest, "text: a message needs text.")).Traced(activity);
        }

        var answer = await PostAsync("sms/v1/send", new()
        {
            ["brandname"] = options.Value.Brandname,
            ["phone"] = phone,
            ["message"] = message.Text,
            ["request_id"] = message.RequestId,
        }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<SmsReceipt>(answer.Failure).Traced(activity);
        }

        var body = answer.Value.Body;
        VendorResult<SmsReceipt> result = answer.Value.Number("code") switch
        {
            0 when answer.Value.IsSuccess => new SmsReceipt(body.GetProperty("content").GetProperty("sms_id").GetString()!, message.RequestId, DateTimeOffset.UtcNow),
            InvalidPhone => new VendorFailure(VendorFailureCodes.InvalidPhoneNumber, $"VNPT SMS: {answer.Value.Text("message")}"),
            _ => new VendorFailure(VendorFailureCodes.InvalidRequest, $"VNPT SMS answered code {answer.Value.Number("code")}: {answer.Value.Text("message")}"),
        };
        return result.Traced(activity);
    }

    public async Task<VendorResult<SmsDeliveryStatus>> GetDeliveryStatusAsync(string messageId, CancellationToken cancellationToken)
    {
        using var activity = VnptModule.Connection.Source.StartActivity("VNPT SMS status");
        var answer = await PostAsync("sms/v1/status", new() { ["sms_id"] = messageId }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<SmsDeliveryStatus>(answer.Failure).Traced(activity);
        }

        if (answer.Value.Status == HttpStatusCode.NotFound || answer.Value.Number("code") == SmsNotFound)
        {
            return VendorResult.Fail<SmsDeliveryStatus>(VendorFailure.NotFound($"VNPT SMS has no message '{messageId}'.")).Traced(activity);
        }

        if (!answer.Value.IsSuccess || answer.Value.Number("code") != 0)
        {
            return VendorResult.Fail<SmsDeliveryStatus>(new VendorFailure(VendorFailureCodes.InvalidRequest, $"VNPT SMS answered code {answer.Value.Number("code")}: {answer.Value.Text("message")}")).Traced(activity);
        }

        var content = answer.Value.Body.GetProperty("content");
        var state = content.GetProperty("status").GetString() switch
        {
            "DELIVERED" => SmsDeliveryState.Delivered,
            "FAILED" => SmsDeliveryState.Failed,
            _ => SmsDeliveryState.Sent,
        };
        var updated = content.GetProperty("delivered_at") is { ValueKind: JsonValueKind.String } delivered ? delivered.GetDateTimeOffset() : content.GetProperty("sent_at").GetDateTimeOffset();
        return new SmsDeliveryStatus(messageId, state, updated, state == SmsDeliveryState.Failed ? "The handset could not be reached." : null);
    }

    private async Task<VendorResult<VendorAnswer>> PostAsync(string path, Dictionary<string, object?> body, CancellationToken cancellationToken)
    {
        body["username"] = options.Value.SpId;
        body["password"] = options.Value.SpPassword;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await VnptModule.Connection.SendAsync(clients, request, cancellationToken);
    }
}
