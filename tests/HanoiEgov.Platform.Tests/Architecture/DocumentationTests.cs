using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Architecture;

/// <summary>The Markdown files a newcomer reads: every relative link leads somewhere, and tables stay tables.</summary>
[Trait("Category", "Unit")]
public sealed partial class DocumentationTests
{
    private const int LongestTableCell = 360;

    private static readonly string Root = TestRealm.RepositoryRoot;

    public static TheoryData<string> MarkdownFiles => [.. FindMarkdownFiles().Select(path => Path.GetRelativePath(Root, path))];

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_of_a_markdown_file_resolves_to_a_file_and_heading(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        var broken = new List<string>();
        foreach (var target in RelativeLinks(text))
        {
            var (path, fragment) = Split(target);
            var resolved = path.Length == 0
                ? Path.Combine(Root, file)
                : Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no such file");
            }
            else if (fragment.Length > 0 && resolved.EndsWith(".md", StringComparison.Ordinal)
                && !HeadingSlugs(File.ReadAllText(resolved)).Contains(fragment))
            {
                broken.Add($"{target}: no such heading");
            }
        }

        Assert.True(broken.Count == 0, $"{file}: {string.Join("; ", broken)}");
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void No_table_cell_of_a_markdown_file_is_longer_than_a_few_lines(string file)
    {
        var longCells = OutsideCode(File.ReadAllText(Path.Combine(Root, file)))
            .Where(line => line.StartsWith('|'))
            .SelectMany(line => line.Trim('|').Split(" | "))
            .Where(cell => cell.Trim().Length > LongestTableCell)
            .Select(cell => cell.Trim()[..60] + "…")
            .ToList();

        Assert.True(longCells.Count == 0, $"{file}: cells over {LongestTableCell} characters: {string.Join("; ", longCells)}");
    }

    [Fact]
    public void The_readme_stays_short_enough_to_navigate()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));

        Assert.True(lines.Length <= 250, $"README.md has {lines.Length} lines; move detail to the guides it links.");
        Assert.Contains(lines, line => line == "## Contents");
    }

    private static IEnumerable<string> FindMarkdownFiles() =>
        Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(Root, path).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj" or "artifacts" or "node_modules" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> RelativeLinks(string markdown) =>
        OutsideCode(markdown)
            .Select(line => InlineCode().Replace(line, string.Empty))
            .SelectMany(line => Link().Matches(line).Select(match => match.Groups["target"].Value))
            .Where(target => !Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "mailto"));

    private static (string Path, string Fragment) Split(string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (target, string.Empty) : (target[..hash], target[(hash + 1)..]);
    }

    private static HashSet<string> HeadingSlugs(string markdown) =>
        [.. OutsideCode(markdown).Where(line => line.StartsWith('#')).Select(line => Slug(line.TrimStart('#').Trim()))];

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var character in heading.ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(character) || character is '-' or '_'
                || CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.NonSpacingMark)
            {
                slug.Append(character);
            }
            else if (character == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private static IEnumerable<string> OutsideCode(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced)
            {
                yield return line.TrimEnd('\r');
            }
        }
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();
}
