using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;

namespace HanoiEgov.VendorSandbox.Population;

internal sealed record Address(string Line, string WardCode, string WardName, string ProvinceCode, string ProvinceName);

internal sealed record Person(
    string PersonalId, string FullName, DateOnly DateOfBirth, string Gender, string Nationality, string PlaceOfOrigin, string Phone, Address PermanentAddress);

/// <summary>One lookup as the registry records it: who asked, for what, under which consent.</summary>
internal sealed record PopulationLookup(
    Guid Id, DateTimeOffset At, string RelyingParty, string RequestedBy, string PersonalId, string Purpose, string ConsentReference, DateTimeOffset ConsentGivenAt, bool Found);

/// <summary>
/// The synthetic population (<c>Data/population.json</c>, written by <c>Data/generate-population.py</c>): every
/// signer the test CAs will certify and every person the FPT eKYC face can look up. No real person is in it.
/// </summary>
internal sealed class PopulationRegistry
{
    private readonly FrozenDictionary<string, Person> people;
    private readonly ConcurrentQueue<PopulationLookup> lookups = new();

    private PopulationRegistry(FrozenDictionary<string, Person> people) => this.people = people;

    public int Count => people.Count;

    public IEnumerable<PopulationLookup> Lookups => lookups;

    public static PopulationRegistry Load(string file)
    {
        using var stream = File.OpenRead(file);
        var people = JsonSerializer.Deserialize<List<Person>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{file} holds no people.");
        return new PopulationRegistry(people.ToFrozenDictionary(person => person.PersonalId, StringComparer.Ordinal));
    }

    /// <summary>12 digits: province of birth registration, gender/century digit, birth year, six digits.</summary>
    public static bool IsWellFormed(string? personalId) => HanoiEgov.Vendors.PersonalId.IsValid(personalId);

    public Person? Find(string personalId) => people.GetValueOrDefault(personalId);

    public void Record(PopulationLookup lookup) => lookups.Enqueue(lookup);
}
