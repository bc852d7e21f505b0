using System.Diagnostics;

namespace HanoiEgov.AppHost.Infrastructure;

/// <summary>Asks the container runtime Aspire would use whether its daemon answers.</summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static bool Answers(string? configuredRuntime)
    {
        var runtime = string.IsNullOrWhiteSpace(configuredRuntime) ? "docker" : configuredRuntime;
        return ProcessRunner.TryRun(runtime, ["info", "--format", "{{.ServerVersion}}"], ProbeTimeout, out _);
    }
}

/// <summary>Runs a short command to completion and reports whether it succeeded.</summary>
internal static class ProcessRunner
{
    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    public static bool TryRun(string fileName, IEnumerable<string> arguments, TimeSpan timeout, out string output)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                output = $"{fileName} did not start";
                return false;
            }

            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                output = $"{fileName} did not finish within {timeout.TotalSeconds:0} s";
                return false;
            }

            output = stdout.Result + stderr.Result;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            output = exception.Message;
            return false;
        }
    }

    public static void Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var argumentList = arguments.ToList();
        if (!TryRun(fileName, argumentList, timeout, out var output))
        {
            throw new InfrastructureUnavailableException($"'{fileName} {string.Join(' ', argumentList)}' failed: {output.Trim()}");
        }
    }
}
