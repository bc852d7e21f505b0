using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Modules.Dossiers;

/// <summary>How a dossier reached the agency: submitted online, or registered at the one-stop counter.</summary>
public static class Channels
{
    public const string Online = "online";
    public const string Counter = "counter";
}

/// <summary>The fees of a procedure version that a dossier of a channel pays.</summary>
internal static class ChannelFees
{
    public static long FeeFor(this ProcedureVersion version, string channel) => version.TotalFee(online: channel == Channels.Online);
}
