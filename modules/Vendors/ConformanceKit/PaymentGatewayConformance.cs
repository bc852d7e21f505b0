using System.Text;

namespace HanoiEgov.Vendors.ConformanceKit;

/// <summary>
/// The contract tests of <see cref="IPaymentGateway"/>. Subclass it, give the gateway under test and the hook that
/// makes the payer pay at the gateway and returns the callback the gateway then sends.
/// </summary>
public abstract class PaymentGatewayConformance : Conformance
{
    /// <summary>The gateway under test.</summary>
    protected abstract IPaymentGateway Gateway { get; }

    /// <summary>
    /// The payer follows <see cref="PaymentCreated.RedirectUrl"/> and pays; returns the callback (return-URL query
    /// or IPN body and headers) exactly as the gateway delivers it to the platform.
    /// </summary>
    protected abstract Task<PaymentCallback> PayAsync(PaymentCreated payment, CancellationToken cancellationToken);

    /// <summary>
    /// A forged copy of a genuine callback: the default changes one digit of the amount (or of the first number) in
    /// the body, or else the query, keeping the signature. Override it for a gateway whose callback has another shape.
    /// </summary>
    protected virtual PaymentCallback Tamper(PaymentCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return string.IsNullOrEmpty(callback.Body)
            ? callback with { Query = ChangeADigit(callback.Query) }
            : callback with { Body = ChangeADigit(callback.Body) };
    }

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Gateway.ListForReconciliationAsync(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow, cancellationToken)).Failure;

    /// <summary>A payment for fee lines has the lines' sum, a redirect URL, and is pending until paid.</summary>
    [Fact]
    public async Task A_payment_for_fee_lines_has_their_sum_and_a_page_to_pay_on()
    {
        var request = Request();

        var created = Succeeds(await Gateway.CreatePaymentAsync(request, Cancellation));

        Assert.Equal(30_000, created.AmountVnd);
        Assert.Equal(request.OrderId, created.OrderId);
        Assert.True(created.RedirectUrl.IsAbsoluteUri);
        var payment = Succeeds(await Gateway.GetPaymentAsync(created.PaymentId, Cancellation));
        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.Equal(30_000, payment.AmountVnd);
    }

    /// <summary>The gateway's callback after payment is verified once and the payment is then paid.</summary>
    [Fact]
    public async Task The_callback_of_a_paid_payment_is_verified_and_the_payment_is_paid()
    {
        var created = Succeeds(await Gateway.CreatePaymentAsync(Request(), Cancellation));

        var callback = await PayAsync(created, Cancellation);
        var verified = Succeeds(await Gateway.VerifyCallbackAsync(callback, Cancellation));

        Assert.Equal(PaymentCallbackVerdict.Verified, verified.Verdict);
        Assert.Equal(created.PaymentId, verified.PaymentId);
        Assert.Equal(PaymentStatus.Paid, verified.Status);
        Assert.Equal((created.OrderId, created.AmountVnd), (verified.OrderId, verified.AmountVnd));
        await Eventually(async () => Succeeds(await Gateway.GetPaymentAsync(created.PaymentId, Cancellation)).Status == PaymentStatus.Paid, SettleWithin, "the payment is paid");
    }

    /// <summary>The same callback delivered twice is reported as a replay the second time.</summary>
    [Fact]
    public async Task A_callback_received_twice_is_reported_as_replayed()
    {
        var created = Succeeds(await Gateway.CreatePaymentAsync(Request(), Cancellation));
        var callback = await PayAsync(created, Cancellation);

        Assert.Equal(PaymentCallbackVerdict.Verified, Succeeds(await Gateway.VerifyCallbackAsync(callback, Cancellation)).Verdict);
        Assert.Equal(PaymentCallbackVerdict.Replayed, Succeeds(await Gateway.VerifyCallbackAsync(callback, Cancellation)).Verdict);
    }

    /// <summary>A changed callback is tampered, and does not use up the genuine one.</summary>
    [Fact]
    public async Task A_tampered_callback_is_rejected_and_the_genuine_one_still_verifies()
    {
        var created = Succeeds(await Gateway.CreatePaymentAsync(Request(), Cancellation));
        var callback = await PayAsync(created, Cancellation);

        Assert.Equal(PaymentCallbackVerdict.Tampered, Succeeds(await Gateway.VerifyCallbackAsync(Tamper(callback), Cancellation)).Verdict);
        Assert.Equal(PaymentCallbackVerdict.Tampered, Succeeds(await Gateway.VerifyCallbackAsync(new PaymentCallback("", "", new Dictionary<string, string>()), Cancellation)).Verdict);
        Assert.Equal(PaymentCallbackVerdict.Verified, Succeeds(await Gateway.VerifyCallbackAsync(callback, Cancellation)).Verdict);
    }

    /// <summary>No fee lines, or a line that is not positive, is refused with a code.</summary>
    [Fact]
    public async Task A_payment_without_fee_lines_or_with_a_line_that_is_not_positive_is_refused()
    {
        FailsWith(VendorFailureCodes.InvalidAmount, await Gateway.CreatePaymentAsync(Request() with { Lines = [] }, Cancellation));
        FailsWith(VendorFailureCodes.InvalidAmount, await Gateway.CreatePaymentAsync(Request() with { Lines = [new FeeLine("le-phi", "Lệ phí", 0)] }, Cancellation));
        FailsWith(VendorFailureCodes.InvalidAmount, await Gateway.CreatePaymentAsync(Request() with { Lines = [new FeeLine("le-phi", "Lệ phí", -10_000)] }, Cancellation));
    }

    /// <summary>The same order again, while unpaid, is the same payment.</summary>
    [Fact]
    public async Task The_same_order_returns_the_same_payment()
    {
        var request = Request();

        var first = Succeeds(await Gateway.CreatePaymentAsync(request, Cancellation));
        var second = Succeeds(await Gateway.CreatePaymentAsync(request, Cancellation));

        Assert.Equal(first.PaymentId, second.PaymentId);
    }

    /// <summary>Refunds: only of a paid payment, at most what is left, once per request id.</summary>
    [Fact]
    public async Task A_paid_payment_is_refunded_in_part_then_in_full_and_never_beyond()
    {
        var created = Succeeds(await Gateway.CreatePaymentAsync(Request(), Cancellation));
        FailsWith(VendorFailureCodes.InvalidPaymentState, await Gateway.RefundAsync(new RefundRequest(Guid.NewGuid().ToString("N"), created.PaymentId, 10_000, "before payment"), Cancellation));
        await PayAndVerifyAsync(created);

        var partial = new RefundRequest(Guid.NewGuid().ToString("N"), created.PaymentId, 10_000, "fee reduced");
        var refund = Succeeds(await Gateway.RefundAsync(partial, Cancellation));
        Assert.Equal(10_000, refund.AmountVnd);
        Assert.Equal(refund.RefundId, Succeeds(await Gateway.RefundAsync(partial, Cancellation)).RefundId);
        var payment = Succeeds(await Gateway.GetPaymentAsync(created.PaymentId, Cancellation));
        Assert.Equal((PaymentStatus.PartiallyRefunded, 10_000L), (payment.Status, payment.RefundedVnd));

        FailsWith(VendorFailureCodes.InvalidAmount, await Gateway.RefundAsync(new RefundRequest(Guid.NewGuid().ToString("N"), created.PaymentId, 20_001, "too much"), Cancellation));
        Succeeds(await Gateway.RefundAsync(new RefundRequest(Guid.NewGuid().ToString("N"), created.PaymentId, 20_000, "dossier refused"), Cancellation));
        payment = Succeeds(await Gateway.GetPaymentAsync(created.PaymentId, Cancellation));
        Assert.Equal((PaymentStatus.Refunded, 30_000L), (payment.Status, payment.RefundedVnd));
    }

    /// <summary>The reconciliation list of the period holds the payment as paid.</summary>
    [Fact]
    public async Task The_reconciliation_of_the_period_includes_the_paid_payment()
    {
        var from = DateTimeOffset.UtcNow.AddHours(-1);
        var created = Succeeds(await Gateway.CreatePaymentAsync(Request(), Cancellation));
        await PayAndVerifyAsync(created);

        var listed = Succeeds(await Gateway.ListForReconciliationAsync(from, DateTimeOffset.UtcNow.AddHours(1), Cancellation));

        var payment = Assert.Single(listed, payment => payment.PaymentId == created.PaymentId);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(30_000, payment.AmountVnd);
        Assert.DoesNotContain(
            Succeeds(await Gateway.ListForReconciliationAsync(from.AddDays(-2), from.AddDays(-1), Cancellation)),
            other => other.PaymentId == created.PaymentId);
    }

    /// <summary>A payment the gateway never created is not found.</summary>
    [Fact]
    public async Task An_unknown_payment_is_not_found() =>
        FailsWith(VendorFailureCodes.NotFound, await Gateway.GetPaymentAsync("no-such-payment-" + Guid.NewGuid().ToString("N"), Cancellation));

    /// <summary>A new payment request for a dossier's two fees, 30,000 đồng in all.</summary>
    protected static CreatePaymentRequest Request() =>
        new(
            $"00004-261129-{Random.Shared.Next(10_000):D4}-{Guid.NewGuid():N}"[..30],
            [new FeeLine("le-phi", "Lệ phí đăng ký thường trú", 20_000), new FeeLine("phi-sao-y", "Phí cấp bản sao", 10_000)],
            new Uri("https://dichvucong.hanoi.example/payments/return"),
            "Hồ sơ đăng ký thường trú");

    /// <summary>Pays and verifies the callback.</summary>
    protected async Task PayAndVerifyAsync(PaymentCreated created)
    {
        ArgumentNullException.ThrowIfNull(created);
        var callback = await PayAsync(created, Cancellation);
        Assert.Equal(PaymentCallbackVerdict.Verified, Succeeds(await Gateway.VerifyCallbackAsync(callback, Cancellation)).Verdict);
        await Eventually(async () => Succeeds(await Gateway.GetPaymentAsync(created.PaymentId, Cancellation)).Status == PaymentStatus.Paid, SettleWithin, "the payment is paid");
    }

    private static string ChangeADigit(string text)
    {
        var amount = text.IndexOf("amount", StringComparison.OrdinalIgnoreCase);
        var start = amount >= 0 ? amount : 0;
        var index = text.AsSpan(start).IndexOfAnyInRange('0', '9');
        Assert.True(index >= 0, "The default Tamper found no digit to change; override Tamper for this gateway's callbacks.");
        var builder = new StringBuilder(text);
        var position = start + index;
        builder[position] = builder[position] == '9' ? '1' : (char)(builder[position] + 1);
        return builder.ToString();
    }
}
