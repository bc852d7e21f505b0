using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace HanoiEgov.PortalShell.Components;

/// <summary>
/// A form field: its label, a hint, the error next to it, and the control, tied together for screen readers
/// (<c>aria-describedby</c>, <c>aria-invalid</c>). <c>&lt;field name="q" label="…" hint="…" error="…" value="…" /&gt;</c>
/// renders a text input; with child content (a select, a file input, a textarea) it wraps that control instead.
/// </summary>
[HtmlTargetElement("field")]
public sealed class FieldTagHelper : TagHelper
{
    public string Name { get; set; } = "";

    public string? Id { get; set; }

    public string Label { get; set; } = "";

    public string? Hint { get; set; }

    public string? Error { get; set; }

    public string? Value { get; set; }

    public string Type { get; set; } = "text";

    public string? Autocomplete { get; set; }

    public string? Inputmode { get; set; }

    public bool Required { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        // Razor hands a bound string attribute whose expression is null over as "": no hint, no error.
        Hint = string.IsNullOrEmpty(Hint) ? null : Hint;
        Error = string.IsNullOrEmpty(Error) ? null : Error;
        var id = Id ?? Name;
        var encode = HtmlEncoder.Default;
        var described = string.Join(' ', new[] { Hint is null ? null : $"{id}-hint", Error is null ? null : $"{id}-error" }.OfType<string>());
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", Error is null ? "field" : "field field--error");
        output.Content.AppendHtml($"<label for=\"{encode.Encode(id)}\">{encode.Encode(Label)}</label>");
        if (Hint is not null)
        {
            output.Content.AppendHtml($"<p class=\"hint\" id=\"{encode.Encode(id)}-hint\">{encode.Encode(Hint)}</p>");
        }

        if (Error is not null)
        {
            output.Content.AppendHtml($"<p class=\"error\" id=\"{encode.Encode(id)}-error\"><span class=\"visually-hidden\">{encode.Encode(Words.L("Lỗi", "Error"))}: </span>{encode.Encode(Error)}</p>");
        }

        var child = await output.GetChildContentAsync();
        if (!child.IsEmptyOrWhiteSpace)
        {
            // The wrapped control names its own id; it is described by the hint and error rendered here.
            output.Content.AppendHtml(child.GetContent()
                .Replace("data-described", described.Length > 0 ? $"aria-describedby=\"{described}\"{(Error is null ? "" : " aria-invalid=\"true\"")}" : "", StringComparison.Ordinal));
            return;
        }

        output.Content.AppendHtml(
            $"<input type=\"{encode.Encode(Type)}\" id=\"{encode.Encode(id)}\" name=\"{encode.Encode(Name)}\" value=\"{encode.Encode(Value ?? "")}\""
            + (described.Length > 0 ? $" aria-describedby=\"{described}\"" : "")
            + (Error is null ? "" : " aria-invalid=\"true\"")
            + (Autocomplete is null ? "" : $" autocomplete=\"{encode.Encode(Autocomplete)}\"")
            + (Inputmode is null ? "" : $" inputmode=\"{encode.Encode(Inputmode)}\"")
            + (Required ? " required" : "")
            + " />");
    }
}
