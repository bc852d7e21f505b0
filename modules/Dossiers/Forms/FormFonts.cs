using PdfSharp.Fonts;

namespace HanoiEgov.Modules.Dossiers.Forms;

/// <summary>The forms' font is missing from this machine; the message names the package that brings it.</summary>
internal sealed class FormFontMissingException(string path)
    : Exception($"The forms font {path} is missing. Install Debian's fonts-dejavu-core: apt-get install -y fonts-dejavu-core");

/// <summary>
/// Resolves every font the forms ask for to DejaVu Serif from Debian's <c>fonts-dejavu-core</c>, which has the
/// Vietnamese glyphs; italic is simulated because the package carries no italic face. PDFsharp's resolver is
/// process-wide, so one instance is registered once for every host in the process.
/// </summary>
internal sealed class FormFonts : IFontResolver
{
    public const string Family = "DejaVu Serif";
    public const string Directory = "/usr/share/fonts/truetype/dejavu";
    private const string RegularFace = "DejaVuSerif.ttf";
    private const string BoldFace = "DejaVuSerif-Bold.ttf";

    private static readonly Lock Gate = new();
    private static readonly FormFonts Instance = new();
    private static bool registered;

    private FormFonts()
    {
    }

    /// <summary>Registers the resolver with PDFsharp once, after checking that the font files are there.</summary>
    public static void EnsureRegistered()
    {
        EnsureInstalled(Directory);
        lock (Gate)
        {
            if (!registered)
            {
                GlobalFontSettings.FontResolver = Instance;
                registered = true;
            }
        }
    }

    /// <summary>Throws, naming the package that brings them, when the font files are not in <paramref name="directory"/>.</summary>
    public static void EnsureInstalled(string directory)
    {
        foreach (var face in new[] { RegularFace, BoldFace })
        {
            var path = Path.Combine(directory, face);
            if (!File.Exists(path))
            {
                throw new FormFontMissingException(path);
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        var path = Path.Combine(Directory, faceName);
        return File.Exists(path) ? File.ReadAllBytes(path) : throw new FormFontMissingException(path);
    }
}
