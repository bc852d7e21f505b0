using System.Globalization;
using System.Text.Json.Nodes;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>
/// The demo people are one set of people: whoever signs in to the realm with a personal ID is the same person, with
/// the same name and date of birth, to the development providers and in the sandbox's population database.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DemoPeopleTests
{
    private static readonly JsonArray Users =
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestRealm.RepositoryRoot, "AppHost", "Realms", "dev", "hanoi-users-0.json")))!["users"]!.AsArray();

    private static readonly Dictionary<string, JsonNode> Population =
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestRealm.RepositoryRoot, "apps", "VendorSandbox", "Data", "population.json")))!.AsArray()
            .ToDictionary(person => person!["personalId"]!.GetValue<string>(), person => person!, StringComparer.Ordinal);

    public static TheoryData<string> PeopleWithPersonalIds() =>
        [.. Users.Where(user => user!["attributes"]?["personal_id"] is not null).Select(user => user!["username"]!.GetValue<string>())];

    [Theory]
    [MemberData(nameof(PeopleWithPersonalIds))]
    public void A_realm_user_with_a_personal_ID_is_the_same_person_in_the_sandboxs_population_and_to_the_development_signer(string username)
    {
        var user = Users.Single(candidate => candidate!["username"]!.GetValue<string>() == username)!;
        var personalId = user["attributes"]!["personal_id"]![0]!.GetValue<string>();
        var name = $"{user["firstName"]!.GetValue<string>()} {user["lastName"]!.GetValue<string>()}".Trim();

        Assert.True(Population.TryGetValue(personalId, out var person), $"{username}'s personal ID {personalId} is not in the sandbox's population.");
        Assert.Equal(name, person["fullName"]!.GetValue<string>());
        Assert.Null(PersonalId.Problem(personalId, new DateOnly(2026, 12, 1)));
        var born = DateOnly.ParseExact(person["dateOfBirth"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The ID's fourth digit says the century and gender (0 a man, 1 a woman born in the 1900s; 2, 3 in the 2000s), the next two the year.
        Assert.Equal((born.Year >= 2000 ? 2 : 0) + (person["gender"]!.GetValue<string>() == "female" ? 1 : 0), personalId[3] - '0');
        Assert.Equal(born.Year % 100, int.Parse(personalId[4..6], CultureInfo.InvariantCulture));
        Assert.Equal(name, DemoPeople.Signers[personalId]);
    }

    [Fact]
    public void The_development_population_registry_knows_each_demo_citizen_as_the_sandbox_does()
    {
        Assert.NotEmpty(DemoPeople.Citizens);
        Assert.All(DemoPeople.Citizens, citizen =>
        {
            var person = Population[citizen.PersonalId];
            Assert.Equal(person["fullName"]!.GetValue<string>(), citizen.FullName);
            Assert.Equal(person["dateOfBirth"]!.GetValue<string>(), citizen.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Assert.Equal(person["gender"]!.GetValue<string>() == "female" ? "Nữ" : "Nam", citizen.Gender);
        });
    }
}
