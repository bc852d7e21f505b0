using System.Globalization;
using System.Net;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// One receipt (form 01, Circular 03/2025/TT-VPCP) for a whole interlinked dossier, under the whole's code: the parts
/// it lists and the whole's appointment, from submission on, to its applicant and the receiving ward's officials only.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterlinkedReceiptTests(LocalServersFixture servers) : HostedPlatformTests(servers, "interlinked-receipt")
{
    private const string Mother = "tran.thi.binh";

    private DemoUserCalls? calls;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    [Fact]
    public async Task The_receipt_of_a_birth_declaration_names_the_wholes_code_every_part_with_who_decides_it_and_the_wholes_due_time()
    {
        var whole = await SubmitBirthAsync();

        using var receipt = await Calls.GetOkAsync(Mother, $"/api/interlinked/{whole.Id}/forms/01");

        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{whole.Code}-mau-01.pdf", receipt.Content.Headers.ContentDisposition?.FileNameStar ?? receipt.Content.Headers.ContentDisposition?.FileName);
        var printed = PdfText.Of(await receipt.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"Mã hồ sơ: {whole.Code}", printed, StringComparison.Ordinal);
        Assert.Contains($"mã hồ sơ {whole.Code}", printed, StringComparison.Ordinal);
        Assert.Contains($"(mã {whole.ProcedureCode})", printed, StringComparison.Ordinal);
        Assert.Contains("Trần Thị Bình", printed, StringComparison.Ordinal);
        Assert.Contains("trực tuyến", printed, StringComparison.Ordinal);
        Assert.Contains("Phường Ba Đình", printed, StringComparison.Ordinal);
        Assert.Contains("chung-sinh.pdf", printed, StringComparison.Ordinal);
        foreach (var part in whole.Parts)
        {
            Assert.Contains($"(mã {part.ProcedureCode})", printed, StringComparison.Ordinal);
        }

        Assert.Contains("Công an (Cơ sở dữ liệu về cư trú)", printed, StringComparison.Ordinal);
        Assert.Contains("Bảo hiểm xã hội", printed, StringComparison.Ordinal);
        Assert.Contains("Công an (hệ thống quản lý căn cước)", printed, StringComparison.Ordinal);
        Assert.Contains("Đăng ký khai sinh (mã 1.001193) Phường Ba Đình trong ngày làm việc", printed, StringComparison.Ordinal);
        Assert.Contains("15 giờ 00", printed, StringComparison.Ordinal);
        Assert.Contains($"Thời gian trả kết quả giải quyết hồ sơ: {Moment(whole.DueAt)}", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_commune_parts_own_receipt_once_accepted_lists_the_same_parts_of_the_whole()
    {
        var whole = await SubmitBirthAsync();
        var part = whole.Part("birth").DossierId!;
        await Calls.ActAsync("clerk.badinh", part, "Accept", 1);

        using var receipt = await Calls.GetOkAsync("clerk.badinh", $"/api/dossiers/{part}/forms/01");

        var printed = PdfText.Of(await receipt.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"hồ sơ liên thông mã {whole.Code}", printed, StringComparison.Ordinal);
        Assert.Contains("Công an (Cơ sở dữ liệu về cư trú)", printed, StringComparison.Ordinal);
        Assert.Contains("Bảo hiểm xã hội", printed, StringComparison.Ordinal);
        foreach (var other in whole.Parts.Skip(1))
        {
            Assert.Contains($"(mã {other.ProcedureCode})", printed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_the_applicant_and_the_receiving_wards_officials_get_the_receipt_anyone_else_is_told_it_does_not_exist()
    {
        var whole = await SubmitBirthAsync();
        var path = $"/api/interlinked/{whole.Id}/forms/01";
        (string User, HttpStatusCode Expected)[] callers =
        [
            ("clerk.badinh", HttpStatusCode.OK), ("head.badinh", HttpStatusCode.OK),
            ("nguyen.van.an", HttpStatusCode.NotFound), ("clerk.hoankiem", HttpStatusCode.NotFound), ("head.hoankiem", HttpStatusCode.NotFound), ("admin", HttpStatusCode.NotFound),
        ];

        foreach (var (user, expected) in callers)
        {
            using var response = await Calls.SendAsync(user, HttpMethod.Get, path);
            Assert.True(response.StatusCode == expected, $"{user}: {(int)response.StatusCode}, expected {(int)expected}");
        }

        using var anonymous = await Client.GetAsync(path, TestContext.Current.CancellationToken);
        using var unknown = await Calls.SendAsync(Mother, HttpMethod.Get, $"/api/interlinked/{Guid.NewGuid()}/forms/01");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static string Moment(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(7)).ToString("HH 'giờ' mm 'phút', 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    private async Task<InterlinkedDossier> SubmitBirthAsync()
    {
        object[] documents =
        [
            new { documentCode = "to-khai", attachmentId = await Calls.UploadAsync(Mother, "to-khai.pdf", "%PDF-1.4 tờ khai liên thông"u8.ToArray()) },
            new { documentCode = "giay-chung-sinh", attachmentId = await Calls.UploadAsync(Mother, "chung-sinh.pdf", "%PDF-1.4 chứng sinh"u8.ToArray()) },
            new { documentCode = "giay-to-tuy-than", attachmentId = await Calls.UploadAsync(Mother, "cccd.pdf", "%PDF-1.4 CCCD"u8.ToArray()) },
        ];
        using var response = await Calls.SendAsync(Mother, HttpMethod.Post, "/api/interlinked/births", new
        {
            agency = "00004",
            child = new { fullName = "Nguyễn Minh Khôi", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), gender = "Nam", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
            mother = new { personalId = "001195012346", fullName = "Trần Thị Bình" },
            residence = new { householderPersonalId = "001090012345", address = "Số 12 Đội Cấn, Phường Ba Đình" },
            documents,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.ReadAsync<InterlinkedDossier>();
    }
}
