using System.Globalization;
using System.Text;

namespace HanoiEgov.BuildingBlocks;

/// <summary>Vietnamese text folded for search: lower case, no diacritics, đ as d, words joined by underscores.</summary>
public static class VietnameseText
{
    /// <summary>"Hoàn Kiếm" → "hoan_kiem", the form of the administrative-units dataset's code names.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var character in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsWhiteSpace(character) || character == '-' ? '_' : character);
        }

        return folded.ToString();
    }
}
