using System.Net;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>An interlinked birth declared through the API by the demo mother at Phường Ba Đình, the child born ten days before the platform's today.</summary>
internal static class InterlinkedDeclarations
{
    public const string Mother = "tran.thi.binh";
    public const string MotherId = "001195012346";
    public const string Householder = "001090012345";

    public static async Task<InterlinkedDossier> SubmitBirthAsync(DemoUserCalls calls, TimeProvider clock)
    {
        var documents = new List<object>();
        foreach (var code in new[] { "to-khai", "giay-chung-sinh", "giay-to-tuy-than" })
        {
            documents.Add(new { documentCode = code, attachmentId = await calls.UploadAsync(Mother, $"{code}.pdf", "%PDF-1.4 giấy tờ"u8.ToArray()) });
        }

        using var response = await calls.SendAsync(Mother, HttpMethod.Post, "/api/interlinked/births", new
        {
            agency = "00004",
            child = new { fullName = "Nguyễn Minh Khôi", dateOfBirth = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-10)), gender = "Nam", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
            mother = new { personalId = MotherId, fullName = "Trần Thị Bình" },
            residence = new { householderPersonalId = Householder, address = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội" },
            documents,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.ReadAsync<InterlinkedDossier>();
    }
}
