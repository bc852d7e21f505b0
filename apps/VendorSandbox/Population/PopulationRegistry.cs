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
/// Children whose births the face registers join it (in memory, until the sandbox restarts).
/// </summary>
internal sealed class PopulationRegistry
{
    private readonly FrozenDictionary<string, Person> people;
    private readonly ConcurrentQueue<PopulationLookup> lookups = new();
    private readonly ConcurrentDictionary<string, Person> born = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, Person Child)> births = new(StringComparer.Ordinal);

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

    public Person? Find(string personalId) => people.GetValueOrDefault(personalId) ?? born.GetValueOrDefault(personalId);

    /// <summary>
    /// Issues the child of <paramref name="mother"/> a personal ID (Hà Nội's 001, the gender and century digit, the
    /// year, six digits) and adds them to the population, once per <paramref name="requestId"/>; null when the
    /// request id was used for another birth (<paramref name="fingerprint"/> differs).
    /// </summary>
    public Person? RegisterBirth(string requestId, string fingerprint, string fullName, DateOnly dateOfBirth, bool female, Person mother)
    {
        lock (births)
        {
            if (births.TryGetValue(requestId, out var known))
            {
                return known.Fingerprint == fingerprint ? known.Child : null;
            }

            var serial = 900_000 + births.Count;
            string id;
            do
            {
                id = HanoiEgov.Vendors.PersonalId.Issue("001", female, dateOfBirth.Year, serial++).Value;
            }
            while (Find(id) is not null);

            var child = new Person(id, fullName, dateOfBirth, female ? "female" : "male", "Việt Nam", mother.PlaceOfOrigin, "", mother.PermanentAddress);
            born[id] = child;
            births[requestId] = (fingerprint, child);
            return child;
        }
    }

    public void Record(PopulationLookup lookup) => lookups.Enqueue(lookup);
}
