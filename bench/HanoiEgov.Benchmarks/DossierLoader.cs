using System.Diagnostics;
using System.Security.Cryptography;
using HanoiEgov.BuildingBlocks;
using Npgsql;
using NpgsqlTypes;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// Loads dossiers into the read model (<c>dossiers.dossiers</c> and its daily statistics rollup, what the worklist and statistics read) with
/// COPY: a year of receipts on working hours, a few busy wards and many quiet communes, three in four online,
/// older dossiers mostly returned, recent ones still open, some processed late and some open past their due time.
/// Codes follow each agency's daily sequence, which is recorded so later submissions carry on from it. Event
/// histories are not generated: these dossiers are for reading, not for acting on.
/// </summary>
internal static class DossierLoader
{
    /// <summary>The agency that receives the most dossiers (Phường Ba Đình).</summary>
    public const string Busiest = "00004";

    private static readonly string[] Procedures = ["1.004222", "1.004194", "1.001193", "1.000656", "1.000894"];
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Minh", "Hữu", "Thu", "Đức", "Ngọc", "Thanh"];
    private static readonly string[] GivenNames = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương", "Quân", "Thảo", "Trang", "Tuấn", "Yến"];

    /// <summary>Loads <paramref name="count"/> dossiers received in the year before <paramref name="now"/>; <paramref name="busiest"/> gets the most.</summary>
    public static async Task LoadAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> agencies, string busiest, int count, DateTimeOffset now)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(2026);
        var ranked = agencies.Where(agency => agency != busiest).OrderBy(_ => random.Next()).Prepend(busiest).ToArray();
        var weights = ranked.Select((_, rank) => 1 / Math.Pow(rank + 1, 0.6)).ToArray();
        var cumulative = new double[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative[i] = (i == 0 ? 0 : cumulative[i - 1]) + (weights[i] / weights.Sum());
        }

        var sequences = new Dictionary<(string Agency, DateOnly Day), int>();
        await using var connection = await dataSource.OpenConnectionAsync();
        // Row triggers (the statistics rollup) off for the bulk load; the rollup is counted again once, below.
        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            await replica.ExecuteNonQueryAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            """
            COPY dossiers.dossiers (id, code, procedure_code, procedure_version, agency, receiving_agency, applicant_id, applicant_name, applicant_name_folded, channel,
                                    status, received_at, due_at, version, head_hash, updated_at, processed_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var found = Array.BinarySearch(cumulative, random.NextDouble());
                var agency = ranked[Math.Min(found < 0 ? ~found : found, ranked.Length - 1)];
                var received = ReceivedAt(random, now);
                var day = VietnamTime.DayOf(received);
                var number = sequences[(agency, day)] = sequences.GetValueOrDefault((agency, day)) + 1;
                var due = received.AddDays(random.Next(1, 16) * 1.4);
                var (status, version, processed) = Progress(random, received, due, now);
                var name = $"{FamilyNames[random.Next(FamilyNames.Length)]} {MiddleNames[random.Next(MiddleNames.Length)]} {GivenNames[random.Next(GivenNames.Length)]}";
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(received), NpgsqlDbType.Uuid);
                await writer.WriteAsync(HanoiEgov.Modules.Dossiers.Domain.DossierCodes.Format(agency, day, number), NpgsqlDbType.Text);
                await writer.WriteAsync(Procedures[random.Next(Procedures.Length)], NpgsqlDbType.Text);
                await writer.WriteAsync(1, NpgsqlDbType.Integer);
                await writer.WriteAsync(agency, NpgsqlDbType.Text);
                await writer.WriteAsync(agency, NpgsqlDbType.Text);
                await writer.WriteAsync($"001{random.Next(0, 1_000_000_000):000000000}", NpgsqlDbType.Text);
                await writer.WriteAsync(name, NpgsqlDbType.Text);
                await writer.WriteAsync(VietnameseText.Fold(name), NpgsqlDbType.Text);
                await writer.WriteAsync(random.NextDouble() < 0.75 ? "online" : "counter", NpgsqlDbType.Text);
                await writer.WriteAsync(status, NpgsqlDbType.Smallint);
                await writer.WriteAsync(received.UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(due.UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(version, NpgsqlDbType.Integer);
                await writer.WriteAsync(RandomNumberGenerator.GetBytes(32), NpgsqlDbType.Bytea);
                await writer.WriteAsync((processed ?? received).UtcDateTime, NpgsqlDbType.TimestampTz);
                if (processed is { } when)
                {
                    await writer.WriteAsync(when.UtcDateTime, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await writer.WriteNullAsync();
                }
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY dossiers.code_sequences (agency, day, last) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var ((agency, day), last) in sequences)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(agency, NpgsqlDbType.Text);
                await writer.WriteAsync(day, NpgsqlDbType.Date);
                await writer.WriteAsync(last, NpgsqlDbType.Integer);
            }

            await writer.CompleteAsync();
        }

        await using (var recount = new NpgsqlCommand("SET session_replication_role = origin; SELECT dossiers.recount_statistics(); SELECT dossiers.recount_open_dossiers()", connection) { CommandTimeout = 600 })
        {
            await recount.ExecuteNonQueryAsync();
        }

        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE dossiers.dossiers, dossiers.daily_statistics", connection) { CommandTimeout = 600 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"Loaded {count:N0} dossiers over {ranked.Length} agencies in {clock.Elapsed.TotalSeconds:0.0} s (COPY, statistics rollup counted once, VACUUM ANALYZE).");
    }

    /// <summary>A working day of the past year, in office hours (07:30–17:00 in Hanoi), never in the future.</summary>
    private static DateTimeOffset ReceivedAt(Random random, DateTimeOffset now)
    {
        while (true)
        {
            var day = VietnamTime.DayOf(now).AddDays(-random.Next(1, 366));
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            return VietnamTime.StartOf(day).AddMinutes(450 + random.Next(0, 570)).AddSeconds(random.Next(0, 60));
        }
    }

    /// <summary>Where a dossier stands: most older ones returned, recent ones still being worked on, a few overdue.</summary>
    private static (short Status, int Version, DateTimeOffset? ProcessedAt) Progress(Random random, DateTimeOffset received, DateTimeOffset due, DateTimeOffset now)
    {
        var roll = random.NextDouble();
        var recent = now - received < TimeSpan.FromDays(20);
        var processed = received + ((due - received) * (0.3 + random.NextDouble()));
        if (processed > now)
        {
            processed = now - TimeSpan.FromMinutes(random.Next(1, 600));
        }

        return recent
            ? roll switch
            {
                < 0.25 => (2, 2, null),
                < 0.60 => (4, 3, null),
                < 0.68 => (5, 4, null),
                < 0.72 => (6, 4, null),
                < 0.84 => (9, 4, processed),
                < 0.95 => (10, 5, processed),
                < 0.98 => (3, 2, null),
                _ => (7, 2, null),
            }
            : roll switch
            {
                < 0.80 => (10, 5, processed),
                < 0.85 => (9, 4, processed),
                < 0.90 => (3, 2, null),
                < 0.94 => (7, 2, null),
                < 0.95 => (8, 4, null),
                < 0.98 => (4, 3, null),
                _ => (5, 4, null),
            };
    }
}
