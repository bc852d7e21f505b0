using System.Globalization;

namespace HanoiEgov.OfficialsPortal.Pages.Statistics;

/// <summary>One bar: its short tick under the axis, its label and its value as the data table beside the chart shows them.</summary>
internal sealed record Bar(string Label, string Tick, double Value, string Shown);

/// <summary>
/// A bar chart drawn on the server as SVG (no script, nothing fetched): <see cref="Id"/> names it for the table that
/// carries the same figures for screen readers.
/// </summary>
internal sealed record BarChart(string Id, string Title, string Unit, IReadOnlyList<Bar> Bars)
{
    public const int Width = 640;
    public const int Height = 240;
    private const int Left = 48;
    private const int Bottom = 40;
    private const int Top = 16;

    public static int AxisLeft => Left;

    public static int AxisBottom => Height - Bottom;

    /// <summary>Every how many bars a tick is written, so that at most 13 fit under the axis.</summary>
    public int TickEvery => Math.Max(1, (int)Math.Ceiling(Bars.Count / 13.0));

    public double Max => Bars.Count == 0 ? 1 : Math.Max(Bars.Max(bar => bar.Value), 1e-9);

    /// <summary>The bars' rectangles in the SVG's coordinates.</summary>
    public IEnumerable<(Bar Bar, int Index, double X, double Y, double W, double H)> Layout()
    {
        var slot = (Width - Left - 8) / (double)Math.Max(Bars.Count, 1);
        var plot = Height - Top - Bottom;
        for (var index = 0; index < Bars.Count; index++)
        {
            var height = Bars[index].Value / Max * plot;
            yield return (Bars[index], index, Left + (index * slot) + (slot * 0.15), Top + plot - height, slot * 0.7, height);
        }
    }

    /// <summary>Three gridlines: zero, half and the largest value.</summary>
    public IEnumerable<(double Y, string Label)> Grid()
    {
        var plot = Height - Top - Bottom;
        foreach (var share in new[] { 0.0, 0.5, 1.0 })
        {
            yield return (Top + plot - (share * plot), (Max * share).ToString(Max * share >= 10 ? "#,0" : "0.#", CultureInfo.GetCultureInfo("vi-VN")));
        }
    }
}
