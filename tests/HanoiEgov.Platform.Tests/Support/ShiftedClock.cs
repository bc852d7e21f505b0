namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// The system's clock moved <see cref="Ahead"/> of real time, for the platform of a test that needs days to pass
/// (a due time to go by). Its timers are the system's, so what paces itself on them (watches, Orleans) runs as usual.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Ahead { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;
}
