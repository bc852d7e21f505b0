using System.Net;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>Waits for a condition that the system reaches on its own, failing with what it last saw.</summary>
internal static class Eventually
{
    public static async Task HealthyAsync(HttpClient client, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The platform host did not report healthy within {within}; last answer: {last}");
    }

    public static Task<T> FindAsync<T>(Func<T?> probe, TimeSpan within) => FindAsync(() => Task.FromResult(probe()), within);

    public static async Task<T> FindAsync<T>(Func<Task<T?>> probe, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var found = await probe();
            if (found is not null && !EqualityComparer<T>.Default.Equals(found, default))
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing matched within {within}.");
            }

            await Task.Delay(100);
        }
    }
}
