using System.Globalization;
using HanoiEgov.PortalShell.Platform;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>What a portal page says when the platform refuses: a Vietnamese sentence about the field the problem names.</summary>
[Trait("Category", "Unit")]
public sealed class ProblemTextTests
{
    [Theory]
    [InlineData("file")]
    [InlineData("documents")]
    [InlineData("agency")]
    [InlineData("expectedVersion")]
    [InlineData("action")]
    [InlineData("reason")]
    [InlineData("newDueAt")]
    [InlineData("assigneeId")]
    [InlineData("applicantId")]
    [InlineData("applicantName")]
    [InlineData("applicantLookupId")]
    [InlineData("personalId")]
    [InlineData("consentReference")]
    [InlineData("from")]
    [InlineData("procedureCode")]
    [InlineData("calendar")]
    [InlineData("payment")]
    [InlineData("code")]
    public void A_refusal_naming_a_field_reads_in_Vietnamese_without_the_APIs_English_title(string field)
    {
        var title = "The request is invalid in English words";
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
        try
        {
            var named = ProblemText.For(new ApiProblem(400, title, field, new Dictionary<string, string[]>()));
            var listed = ProblemText.For(new ApiProblem(400, title, null, new Dictionary<string, string[]> { [field] = ["English detail"] }));

            Assert.DoesNotContain(title, named, StringComparison.Ordinal);
            Assert.Equal(named, listed);
            Assert.Matches("[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữ]", named);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData(400, "định dạng")]
    [InlineData(409, "quá nhiều tệp")]
    [InlineData(413, "10 MB")]
    [InlineData(429, "đợi một lát")]
    public void A_refused_upload_says_why_by_the_answers_status(int status, string expected)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
        try
        {
            Assert.Contains(expected, ProblemText.For(new ApiProblem(status, "English", "file", new Dictionary<string, string[]>())), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
