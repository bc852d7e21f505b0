using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace HanoiEgov.Modules.Dossiers.Forms;

/// <summary>How a run of text is set.</summary>
internal enum TextStyle
{
    Normal,
    Bold,
    Italic,
    Title,
    Small,
}

/// <summary>A table column: its heading and its share of the line's width.</summary>
internal sealed record FormColumn(string Heading, double Share);

/// <summary>
/// An A4 form laid out top to bottom: the national-motto header, a title, wrapped paragraphs, tables that break
/// across pages with their heading repeated, and signature blocks. Fonts are embedded whole with Unicode encoding,
/// so the Vietnamese text prints, copies and extracts exactly as written.
/// </summary>
internal sealed class FormDocument : IDisposable
{
    private const double Margin = 50;
    private const double LeftMargin = 70;
    private const double CellPadding = 3;

    private readonly PdfDocument document = new();
    private readonly bool landscape;
    private readonly Dictionary<(TextStyle Style, double Size), XFont> fonts = [];
    private readonly double baseSize;
    private XGraphics graphics;
    private PdfPage page;
    private double y;

    public FormDocument(string title, bool landscape = false, double baseSize = 11)
    {
        FormFonts.EnsureRegistered();
        this.landscape = landscape;
        this.baseSize = baseSize;
        document.Info.Title = title;
        document.Info.Creator = "HanoiEgov.Platform";
        (page, graphics) = AddPage();
        y = Margin;
    }

    private double Left => landscape ? Margin : LeftMargin;

    private double Width => page.Width.Point - Left - Margin;

    private double Bottom => page.Height.Point - Margin;

    /// <summary>The header every administrative form opens with: the issuing body on the left, the national motto on the right.</summary>
    public void NationalHeader(string parentBody, string issuingBody, string placeAndDate)
    {
        var leftWidth = Width * 0.42;
        var rightWidth = Width - leftWidth;
        var top = y;
        var size = baseSize - 0.5;
        var leftEnd = Centered(Left, leftWidth, top, [(parentBody.ToUpperInvariant(), TextStyle.Normal), (issuingBody.ToUpperInvariant(), TextStyle.Bold)], size, underline: 0.4);
        var rightEnd = Centered(Left + leftWidth, rightWidth, top, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", TextStyle.Bold), ("Độc lập - Tự do - Hạnh phúc", TextStyle.Bold)], size, underline: 1);
        y = Math.Max(leftEnd, rightEnd) + 8;
        y = Centered(Left + leftWidth, rightWidth, y, [(placeAndDate, TextStyle.Italic)], size) + 14;
    }

    /// <summary>The form's title, upper case and centred, with an optional line under it.</summary>
    public void Title(string title, string? subtitle = null)
    {
        y = Centered(Left, Width, y, [(title.ToUpperInvariant(), TextStyle.Title)], baseSize + 2);
        if (subtitle is not null)
        {
            y = Centered(Left, Width, y, [(subtitle, TextStyle.Italic)], baseSize);
        }

        y += 10;
    }

    /// <summary>A paragraph wrapped to the page's width, continued on a new page when it runs out.</summary>
    public void Paragraph(string text, TextStyle style = TextStyle.Normal, double indent = 0, double spaceAfter = 3)
    {
        var font = Font(style, style == TextStyle.Small ? baseSize - 2 : baseSize);
        foreach (var line in Wrap(text, font, Width - indent))
        {
            var height = font.GetHeight();
            EnsureRoom(height);
            graphics.DrawString(line, font, XBrushes.Black, new XRect(Left + indent, y, Width - indent, height), XStringFormats.TopLeft);
            y += height;
        }

        y += spaceAfter;
    }

    /// <summary>A labelled value, wrapped as one paragraph.</summary>
    public void Field(string label, string value) => Paragraph($"{label}: {value}");

    /// <summary>A ruled table; rows never split, the heading repeats on each page the table runs onto.</summary>
    public void Table(IReadOnlyList<FormColumn> columns, IEnumerable<IReadOnlyList<string>> rows, double? size = null)
    {
        var fontSize = size ?? baseSize - 1.5;
        var total = columns.Sum(column => column.Share);
        var widths = columns.Select(column => Width * column.Share / total).ToArray();
        var heading = columns.Select(column => column.Heading).ToArray();
        Row(heading, widths, Font(TextStyle.Bold, fontSize), centered: true);
        foreach (var row in rows)
        {
            if (!Fits(row, widths, Font(TextStyle.Normal, fontSize)))
            {
                NewPage();
                Row(heading, widths, Font(TextStyle.Bold, fontSize), centered: true);
            }

            Row(row, widths, Font(TextStyle.Normal, fontSize), centered: false);
        }

        y += 8;
    }

    /// <summary>Signature blocks side by side: who signs, how, and the name when known.</summary>
    public void Signatures(params (string Role, string? Name)[] blocks)
    {
        y += 6;
        EnsureRoom(baseSize * 8);
        var width = Width / blocks.Length;
        var ends = new List<double>();
        for (var i = 0; i < blocks.Length; i++)
        {
            var end = Centered(Left + (i * width), width, y, [(blocks[i].Role.ToUpperInvariant(), TextStyle.Bold), ("(Ký và ghi rõ họ tên)", TextStyle.Italic)], baseSize);
            if (blocks[i].Name is { } name)
            {
                end = Centered(Left + (i * width), width, end + (baseSize * 4), [(name, TextStyle.Bold)], baseSize);
            }

            ends.Add(end);
        }

        y = ends.Max() + 6;
    }

    public byte[] ToPdf()
    {
        graphics.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        graphics.Dispose();
        document.Dispose();
    }

    private (PdfPage Page, XGraphics Graphics) AddPage()
    {
        var added = document.AddPage();
        added.Size = PageSize.A4;
        added.Orientation = landscape ? PageOrientation.Landscape : PageOrientation.Portrait;
        return (added, XGraphics.FromPdfPage(added));
    }

    private void NewPage()
    {
        graphics.Dispose();
        (page, graphics) = AddPage();
        y = Margin;
    }

    private void EnsureRoom(double height)
    {
        if (y + height > Bottom)
        {
            NewPage();
        }
    }

    private XFont Font(TextStyle style, double size)
    {
        if (!fonts.TryGetValue((style, size), out var font))
        {
            var fontStyle = style switch
            {
                TextStyle.Bold or TextStyle.Title => XFontStyleEx.Bold,
                TextStyle.Italic => XFontStyleEx.Italic,
                _ => XFontStyleEx.Regular,
            };
            // Whole font files, not subsets: PDFsharp 6.2.4's subsets drop the second mark of Vietnamese letters such
            // as ậ, ộ, ệ (composite glyphs built on composite glyphs). It costs about 420 KB per form.
            font = fonts[(style, size)] = new XFont(FormFonts.Family, size, fontStyle, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile));
        }

        return font;
    }

    /// <summary>Lines centred in a column; returns where the next line would start.</summary>
    /// <param name="underline">The length of a rule under the last line, as a share of that line's width; 0 for none.</param>
    private double Centered(double x, double width, double top, IReadOnlyList<(string Text, TextStyle Style)> lines, double size, double underline = 0)
    {
        var at = top;
        double lastWidth = 0;
        foreach (var (text, style) in lines)
        {
            var font = Font(style, size);
            foreach (var line in Wrap(text, font, width - 4))
            {
                var height = font.GetHeight();
                graphics.DrawString(line, font, XBrushes.Black, new XRect(x, at, width, height), XStringFormats.TopCenter);
                lastWidth = graphics.MeasureString(line, font).Width;
                at += height;
            }
        }

        if (underline > 0)
        {
            var rule = Math.Min(lastWidth, width) * underline;
            at += 2;
            graphics.DrawLine(new XPen(XColors.Black, 0.6), x + ((width - rule) / 2), at, x + ((width + rule) / 2), at);
            at += 2;
        }

        return at;
    }

    private bool Fits(IReadOnlyList<string> cells, double[] widths, XFont font) => y + RowHeight(cells, widths, font) <= Bottom;

    private double RowHeight(IReadOnlyList<string> cells, double[] widths, XFont font) =>
        (cells.Select((cell, i) => Wrap(cell, font, widths[i] - (2 * CellPadding)).Count).DefaultIfEmpty(1).Max() * font.GetHeight()) + (2 * CellPadding);

    private void Row(IReadOnlyList<string> cells, double[] widths, XFont font, bool centered)
    {
        var height = RowHeight(cells, widths, font);
        var pen = new XPen(XColors.Black, 0.5);
        var x = Left;
        for (var i = 0; i < widths.Length; i++)
        {
            graphics.DrawRectangle(pen, x, y, widths[i], height);
            var at = y + CellPadding;
            foreach (var line in Wrap(i < cells.Count ? cells[i] : "", font, widths[i] - (2 * CellPadding)))
            {
                graphics.DrawString(line, font, XBrushes.Black, new XRect(x + CellPadding, at, widths[i] - (2 * CellPadding), font.GetHeight()),
                    centered ? XStringFormats.TopCenter : XStringFormats.TopLeft);
                at += font.GetHeight();
            }

            x += widths[i];
        }

        y += height;
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>: at spaces, and inside a word only when it alone is too wide.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (graphics.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (line.Length > 1 && graphics.MeasureString(line, font).Width > width)
                {
                    var fits = line.Length - 1;
                    while (fits > 1 && graphics.MeasureString(line[..fits], font).Width > width)
                    {
                        fits--;
                    }

                    lines.Add(line[..fits]);
                    line = line[fits..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }
}
