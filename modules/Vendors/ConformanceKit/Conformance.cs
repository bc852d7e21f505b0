namespace HanoiEgov.Vendors.ConformanceKit;

/// <summary>What every capability's conformance class shares: timing and the outage hook.</summary>
public abstract class Conformance
{
    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>How long the kit polls for a state the vendor reaches asynchronously (signed, delivered, paid). Default 30 s.</summary>
    protected virtual TimeSpan SettleWithin => TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a call may take while the vendor is down before the kit calls it a hang. Default 45 s: longer than the
    /// vendor HttpClient's total timeout (30 s by default, <see cref="VendorResilienceOptions.TotalTimeout"/>).
    /// </summary>
    protected virtual TimeSpan AnswerWithinDuringOutage => TimeSpan.FromSeconds(45);

    /// <summary>How long after an outage ends the vendor must answer again (the circuit's break, 15 s by default). Default 60 s.</summary>
    protected virtual TimeSpan RecoverWithin => TimeSpan.FromSeconds(60);

    /// <summary>
    /// Makes the vendor stop answering (stop the sandbox, make it hang, or switch on a simulated outage) until the
    /// returned object is disposed, which brings it back.
    /// </summary>
    protected abstract Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken);

    /// <summary>A call the vendor answers when it is up, with no side effect worth undoing (a lookup, a list).</summary>
    protected abstract Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>During an outage a call ends with an unavailable or timeout failure, in bounded time; afterwards calls succeed again.</summary>
    [Fact]
    public async Task During_an_outage_calls_fail_fast_with_an_unavailable_code_and_succeed_again_afterwards()
    {
        Assert.Null(await ProbeAsync(Cancellation));

        await using (await SimulateOutageAsync(Cancellation))
        {
            var started = TimeProvider.System.GetTimestamp();
            var failure = await ProbeAsync(Cancellation);
            Assert.NotNull(failure);
            Assert.True(failure.IsUnavailable, $"Expected unavailable or timeout during an outage, got {failure.Code}: {failure.Message}");
            Assert.True(TimeProvider.System.GetElapsedTime(started) < AnswerWithinDuringOutage, "The call hung instead of failing during the outage.");
        }

        await Eventually(async () => await ProbeAsync(Cancellation) is null, RecoverWithin, "the vendor answers again after the outage");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> passes.</summary>
    protected static async Task Eventually(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > within)
            {
                Assert.Fail($"Not within {within}: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), Cancellation);
        }
    }

    /// <summary>Asserts success and returns the value.</summary>
    protected static T Succeeds<T>(VendorResult<T> result)
    {
        Assert.True(result.Succeeded, $"Expected success, got {result}");
        return result.Value;
    }

    /// <summary>Asserts a failure with <paramref name="code"/> and returns it.</summary>
    protected static VendorFailure FailsWith<T>(string code, VendorResult<T> result)
    {
        Assert.False(result.Succeeded, $"Expected failure {code}, got {result}");
        Assert.Equal(code, result.Failure.Code);
        return result.Failure;
    }
}
