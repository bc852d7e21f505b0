using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>The text of a PDF as a reader would copy it, extracted with PdfPig.</summary>
internal static class PdfText
{
    /// <summary>
    /// The text in the order it was drawn (so a table cell's wrapped lines read on), with one space wherever a new
    /// line or the next table cell starts, and runs of spaces collapsed.
    /// </summary>
    public static string Of(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            Letter? previous = null;
            foreach (var letter in page.Letters)
            {
                if (previous is null || Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 0.5
                    || letter.StartBaseLine.X < previous.StartBaseLine.X || letter.StartBaseLine.X - previous.EndBaseLine.X > 2)
                {
                    text.Append(' ');
                }

                text.Append(letter.Value);
                previous = letter;
            }
        }

        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Whether the PDF carries its font files (TrueType), so it prints and extracts the same everywhere.</summary>
    public static bool EmbedsFonts(byte[] pdf) => Encoding.Latin1.GetString(pdf).Contains("/FontFile2", StringComparison.Ordinal);
}
