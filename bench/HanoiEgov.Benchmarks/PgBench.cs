using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Persistence;
using Npgsql;

namespace HanoiEgov.Benchmarks;

internal sealed record PgBenchFigures(double PerSecond, double P50, double P99, long Transactions);

/// <summary>
/// pgbench running the transaction one online submission commits, statement for statement as the event store sends
/// them (<see cref="SubmissionSql"/>), prepared as the platform's are, each parameter a pgbench variable (uuids and
/// codes built from its numbers in the statement) or a literal of the same value.
/// Its dossiers go to agencies <c>90000</c>–<c>90125</c>, so they never meet the platform's codes.
/// </summary>
internal static partial class PgBench
{
    public static async Task<PgBenchFigures> RunAsync(BenchPlatform platform, int clients, int seconds, int run, int pairsPerClient)
    {
        await StageAsync(platform, clients, run, pairsPerClient);
        var movedBefore = await MovedDocumentsAsync(platform);
        var folder = Directory.CreateTempSubdirectory("hanoi-egov-pgbench-").FullName;
        try
        {
            var now = DateTimeOffset.UtcNow;
            var scriptFile = Path.Combine(folder, "submission.sql");
            await File.WriteAllTextAsync(scriptFile, Script());
            var database = new NpgsqlConnectionStringBuilder(platform.Database).Database!;
            var start = new ProcessStartInfo(Path.Combine(platform.PostgresBinDirectory, "pgbench"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            string[] arguments =
            [
                "-h", "localhost", "-p", platform.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n", "-M", "prepared",
                "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, 2).ToString(CultureInfo.InvariantCulture),
                "-T", seconds.ToString(CultureInfo.InvariantCulture),
                "-D", "n=0", "-D", $"run={run}",
                "-D", $"at={now:yyyy-MM-dd HH:mm:ss.ffffff}+00", "-D", $"due={now.AddDays(9):yyyy-MM-dd HH:mm:ss}+00",
                "-D", $"day={VietnamTime.DayOf(now):yyyy-MM-dd}", "-D", $"yymmdd={VietnamTime.DayOf(now):yyMMdd}",
                "-l", "--log-prefix", Path.Combine(folder, "log"),
                "-f", scriptFile, database,
            ];
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["PGPASSWORD"] = platform.PostgresPassword;
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var tps = Tps().Match(output);
            if (process.ExitCode != 0 || !tps.Success)
            {
                throw new InvalidOperationException($"pgbench failed ({process.ExitCode}):\n{output}\n{errors}\n--- script ---\n{Script()}");
            }

            var latencies = new Latencies();
            foreach (var log in Directory.GetFiles(folder, "log.*"))
            {
                foreach (var line in await File.ReadAllLinesAsync(log))
                {
                    latencies.AddMilliseconds(double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 1000);
                }
            }

            var moved = await MovedDocumentsAsync(platform) - movedBefore;
            if (moved != 2L * latencies.Count)
            {
                throw new InvalidOperationException($"pgbench committed {latencies.Count} submissions but moved {moved} documents: too few were staged.");
            }

            return new PgBenchFigures(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), latencies.Percentile(50), latencies.Percentile(99), latencies.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await using var clean = platform.DataSource.CreateCommand("DELETE FROM dossiers.staged_attachments WHERE owner_id LIKE '9%'");
            await clean.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The pgbench script: one online submission with its two documents and its Idempotency-Key, in one transaction.</summary>
    public static string Script()
    {
        const string dossier = "('00000000-0000-4000-8000-' || :k1::text)::uuid";
        var hash = $"'\\x{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}'";
        var facts = """{"code":"90004-261129-0001","procedureCode":"1.004222","procedureVersion":2,"agency":"90004","applicantId":"900000000000","applicantName":"Nguyễn Văn An","dueAt":"2026-12-10T17:00:00+07:00"}""";
        // pgbench reads ':word' as a variable anywhere in a command, so the JSON's colons travel as escapes.
        var data = $"E'{facts.Replace(":", "\\x3a", StringComparison.Ordinal)}'";
        return new StringBuilder()
            .AppendLine(@"\set n :n + 1")
            .AppendLine(@"\set k1 100000000000 + :run * 100000000000 + :client_id * 1000000000 + 2 * :n")
            .AppendLine(@"\set k2 :k1 + 1")
            .AppendLine(@"\set applicant 900000000000 + :client_id")
            .AppendLine(@"\set agency 90000 + random(0, 125)")
            .AppendLine("BEGIN;")
            .AppendLine(Bind(SubmissionSql.TakeCodes, new() { ["agencies"] = "ARRAY[:agency::text]", ["days"] = "ARRAY[:day::date]", ["counts"] = "ARRAY[1]" }) + @" \gset seq_")
            .AppendLine(Bind(SubmissionSql.InsertEvents, new()
            {
                ["ids"] = $"ARRAY[{dossier}]", ["versions"] = "ARRAY[1]", ["actions"] = "ARRAY['SubmitOnline']", ["statuses"] = "ARRAY[1]",
                ["actors"] = "ARRAY['citizen-' || :applicant::text]", ["roles"] = "ARRAY['citizen']", ["actor_agencies"] = "ARRAY[NULL::text]",
                ["channels"] = "ARRAY['online']", ["reasons"] = "ARRAY[NULL::text]", ["recorded"] = "ARRAY[:at::timestamptz]", ["data"] = $"ARRAY[{data}]",
                ["previous"] = $"ARRAY['\\x{new string('0', 64)}'::bytea]", ["hashes"] = $"ARRAY[{hash}::bytea]",
                ["hash_versions"] = $"ARRAY[{HanoiEgov.Modules.Dossiers.Domain.DossierEvent.CurrentHashVersion}]",
            }) + ";")
            .AppendLine(Bind(SubmissionSql.InsertDossiers, new()
            {
                ["ids"] = $"ARRAY[{dossier}]", ["codes"] = "ARRAY[:agency::text || '-' || :yymmdd::text || '-' || lpad(:seq_last::text, 4, '0')]",
                ["procedures"] = "ARRAY['1.004222']", ["procedure_versions"] = "ARRAY[2]", ["agencies"] = "ARRAY[:agency::text]",
                ["applicants"] = "ARRAY[:applicant::text]", ["applicant_names"] = "ARRAY['Nguyễn Văn An']", ["folded"] = "ARRAY['nguyen van an']",
                ["channels"] = "ARRAY['online']", ["statuses"] = "ARRAY[1]", ["received"] = "ARRAY[:at::timestamptz]", ["due"] = "ARRAY[:due::timestamptz]",
                ["hashes"] = $"ARRAY[{hash}::bytea]", ["deadline_checks"] = "ARRAY[:due::timestamptz - interval '1 day']",
                ["receiving_agencies"] = "ARRAY[:agency::text]",
            }) + ";")
            .AppendLine(Bind(SubmissionSql.MoveAttachments, new()
            {
                ["attachments"] = "ARRAY[('00000000-0000-4000-9000-' || :k1::text)::uuid, ('00000000-0000-4000-9000-' || :k2::text)::uuid]",
                ["owners"] = "ARRAY[:applicant::text, :applicant::text]", ["dossiers"] = $"ARRAY[{dossier}, {dossier}]",
                ["document_codes"] = "ARRAY['to-khai-ct01', 'chung-minh-cho-o']",
            }) + ";")
            .AppendLine(Bind(SubmissionSql.RememberSubmissions, new()
            {
                ["applicants"] = "ARRAY[:applicant::text]", ["keys"] = "ARRAY['pgbench-' || :k1::text]", ["ids"] = $"ARRAY[{dossier}]",
            }) + ";")
            .AppendLine("COMMIT;")
            .ToString();
    }

    private static string Bind(string sql, Dictionary<string, string> values) =>
        Parameter().Replace(sql, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"No pgbench value for @{match.Groups[1].Value} in {sql}"));

    /// <summary>Documents for pgbench's clients, named by the numbers its script derives (COPY-free: generated in the server).</summary>
    private static async Task StageAsync(BenchPlatform platform, int clients, int run, int pairsPerClient)
    {
        await using var stage = platform.DataSource.CreateCommand(
            """
            INSERT INTO dossiers.staged_attachments (id, owner_id, file_name, content_type, size, sha256, content, uploaded_at)
            SELECT ('00000000-0000-4000-9000-' || (100000000000 + @run * 100000000000 + c * 1000000000 + k)::text)::uuid,
                   (900000000000 + c)::text, 'scan.pdf', 'application/pdf', length(@content), sha256(@content), @content, now()
            FROM generate_series(0, @clients - 1::bigint) c, generate_series(2, 2 * @pairs + 1::bigint) k
            """);
        stage.Parameters.AddWithValue("run", (long)run);
        stage.Parameters.AddWithValue("clients", clients);
        stage.Parameters.AddWithValue("pairs", pairsPerClient);
        stage.Parameters.AddWithValue("content", SubmissionBenchmark.Document);
        stage.CommandTimeout = 600;
        await stage.ExecuteNonQueryAsync();
        await using var analyze = platform.DataSource.CreateCommand("ANALYZE dossiers.staged_attachments");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<long> MovedDocumentsAsync(BenchPlatform platform)
    {
        await using var count = platform.DataSource.CreateCommand("SELECT count(*) FROM dossiers.attachments WHERE id::text LIKE '00000000-0000-4000-9000-%'");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
