using HanoiEgov.Modules.AdministrativeUnits.Data;
using Npgsql;
using NpgsqlTypes;

namespace HanoiEgov.Modules.AdministrativeUnits;

/// <summary>The catalogue's tables. Reads never go through grains; writes come only from the import grain.</summary>
internal sealed class AdministrativeUnitStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "code, parent_code, level, unit_type, name, name_en, full_name, full_name_en, code_name";

    /// <summary>Adds or replaces the units of a dataset, parents before children.</summary>
    private const string Upsert =
        $"""
        INSERT INTO catalogue.administrative_units ({Columns}, dataset)
        SELECT *, @dataset FROM unnest(@code, @parent, @level, @type, @name, @name_en, @full_name, @full_name_en, @code_name)
        ON CONFLICT (code) DO UPDATE SET
            parent_code = excluded.parent_code, level = excluded.level, unit_type = excluded.unit_type,
            name = excluded.name, name_en = excluded.name_en, full_name = excluded.full_name,
            full_name_en = excluded.full_name_en, code_name = excluded.code_name, dataset = excluded.dataset
        """;

    private const string CountOfDataset = "SELECT count(*) FROM catalogue.administrative_units WHERE dataset = @dataset";

    private const string FindWithChildCount =
        $"""
        SELECT {Columns}, (SELECT count(*) FROM catalogue.administrative_units child WHERE child.parent_code = unit.code)
        FROM catalogue.administrative_units unit WHERE code = @code
        """;

    /// <summary>A page of the units that pass the filter; each row carries the count of all that pass it.</summary>
    private const string Query =
        $"""
        SELECT {Columns}, count(*) OVER ()
        FROM catalogue.administrative_units
        WHERE (@parent::text IS NULL OR parent_code = @parent)
          AND (@type::text IS NULL OR unit_type = @type)
          AND (@search::text IS NULL OR code_name LIKE '%' || @search || '%' OR code = @search)
        ORDER BY level, code
        LIMIT @limit OFFSET @offset
        """;

    public async Task<int> ImportAsync(AdministrativeUnitDataset dataset, CancellationToken cancellationToken)
    {
        var units = dataset.Units.OrderBy(unit => unit.Level).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var upsert = new NpgsqlCommand(Upsert, connection, transaction);
        upsert.Parameters.AddWithValue("dataset", dataset.Name);
        upsert.Parameters.AddWithValue("code", units.Select(unit => unit.Code).ToArray());
        upsert.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = units.Select(unit => (object?)unit.ParentCode ?? DBNull.Value).ToArray(),
        });
        upsert.Parameters.AddWithValue("level", units.Select(unit => (short)unit.Level).ToArray());
        upsert.Parameters.AddWithValue("type", units.Select(unit => unit.Type).ToArray());
        upsert.Parameters.AddWithValue("name", units.Select(unit => unit.Name).ToArray());
        upsert.Parameters.AddWithValue("name_en", units.Select(unit => unit.NameEn).ToArray());
        upsert.Parameters.AddWithValue("full_name", units.Select(unit => unit.FullName).ToArray());
        upsert.Parameters.AddWithValue("full_name_en", units.Select(unit => unit.FullNameEn).ToArray());
        upsert.Parameters.AddWithValue("code_name", units.Select(unit => unit.CodeName).ToArray());
        var written = await upsert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    public async Task<int> CountAsync(string dataset, CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand(CountOfDataset);
        count.Parameters.AddWithValue("dataset", dataset);
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<AdministrativeUnitDetails?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand(FindWithChildCount);
        find.Parameters.AddWithValue("code", code);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AdministrativeUnitDetails(ReadUnit(reader), reader.GetInt32(9))
            : null;
    }

    public async Task<AdministrativeUnitPage> QueryAsync(AdministrativeUnitFilter filter, CancellationToken cancellationToken)
    {
        await using var query = dataSource.CreateCommand(Query);
        query.Parameters.Add(new NpgsqlParameter<string?>("parent", NpgsqlDbType.Text) { TypedValue = filter.Parent });
        query.Parameters.Add(new NpgsqlParameter<string?>("type", NpgsqlDbType.Text) { TypedValue = filter.Type });
        query.Parameters.Add(new NpgsqlParameter<string?>("search", NpgsqlDbType.Text) { TypedValue = filter.Search });
        query.Parameters.AddWithValue("limit", filter.PageSize);
        query.Parameters.AddWithValue("offset", (filter.Page - 1) * filter.PageSize);

        var items = new List<AdministrativeUnit>();
        var total = 0;
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadUnit(reader));
            total = (int)reader.GetInt64(9);
        }

        if (items.Count == 0 && filter.Page > 1)
        {
            total = await CountMatchesAsync(filter, cancellationToken);
        }

        return new AdministrativeUnitPage(items, total, filter.Page, filter.PageSize);
    }

    private async Task<int> CountMatchesAsync(AdministrativeUnitFilter filter, CancellationToken cancellationToken)
    {
        var firstPage = await QueryAsync(filter with { Page = 1, PageSize = 1 }, cancellationToken);
        return firstPage.Total;
    }

    private static AdministrativeUnit ReadUnit(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.GetInt16(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8));
}
