using System.Globalization;
using System.Text.RegularExpressions;
using HanoiEgov.BuildingBlocks;

namespace HanoiEgov.Modules.AdministrativeUnits;

/// <summary>A validated list query.</summary>
internal sealed record AdministrativeUnitFilter(string? Parent, string? Type, string? Search, int Page, int PageSize);

/// <summary>The list query as it arrives: every field a string, so a malformed value gets a field-level message.</summary>
internal sealed partial record AdministrativeUnitQuery(string? Parent, string? Type, string? Q, string? Page, string? PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static bool IsWellFormedCode(string code) => CodePattern().IsMatch(code);

    public bool TryValidate(out AdministrativeUnitFilter filter, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (Parent is not null && !IsWellFormedCode(Parent))
        {
            errors["parent"] = ["Must be an administrative-unit code of 2 to 10 digits, e.g. 01 for Hà Nội."];
        }

        if (Type is not null && !AdministrativeUnitTypes.All.Contains(Type))
        {
            errors["type"] = [$"Must be one of: {string.Join(", ", AdministrativeUnitTypes.All)}."];
        }

        string? search = null;
        if (Q is not null)
        {
            search = VietnameseText.Fold(Q);
            if (search.Length is < 2 or > 100)
            {
                errors["q"] = ["Must be 2 to 100 characters."];
            }
        }

        var page = ParseBounded(Page, "page", 1, 1, 100_000, errors);
        var pageSize = ParseBounded(PageSize, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        filter = new AdministrativeUnitFilter(Parent, Type, search, page, pageSize);
        return errors.Count == 0;
    }

    private static int ParseBounded(string? text, string field, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[field] = [$"Must be a whole number from {min} to {max}."];
        return fallback;
    }

    [GeneratedRegex("^[0-9]{2,10}$")]
    private static partial Regex CodePattern();
}
