namespace HanoiEgov.DossierVerifier;

internal static class Program
{
    private static async Task<int> Main(string[] args) =>
        await VerifierCommand.RunAsync(args, Environment.GetEnvironmentVariable("ConnectionStrings__egov"), Console.Out, Console.Error, CancellationToken.None);
}
