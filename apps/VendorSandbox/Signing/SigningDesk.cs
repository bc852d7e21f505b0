using System.Collections.Concurrent;
using System.Security.Cryptography;
using HanoiEgov.Vendors;
using HanoiEgov.VendorSandbox.Population;

namespace HanoiEgov.VendorSandbox.Signing;

internal enum SigningStatus
{
    Pending,
    Completed,
    Rejected,
    Expired,
}

internal sealed record HashToSign(string DocumentId, byte[] Hash);

internal sealed record SignedHash(string DocumentId, byte[] Signature);

/// <summary>A remote-signing request waiting for, or answered by, the signer's phone.</summary>
internal sealed class SigningTransaction(
    string id, string face, Person signer, string credentialId, HashAlgorithmName algorithm, IReadOnlyList<HashToSign> hashes,
    string description, string? clientReference, DateTimeOffset createdAt, DateTimeOffset expiresAt)
{
    private readonly Lock gate = new();

    public string Id { get; } = id;

    public string Face { get; } = face;

    public Person Signer { get; } = signer;

    public string CredentialId { get; } = credentialId;

    public HashAlgorithmName Algorithm { get; } = algorithm;

    public IReadOnlyList<HashToSign> Hashes { get; } = hashes;

    public string Description { get; } = description;

    /// <summary>The caller's own id for the request (VNPT transaction_id, CSC clientData, FPT requestId).</summary>
    public string? ClientReference { get; } = clientReference;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public SigningStatus Status { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public IReadOnlyList<SignedHash> Signatures { get; private set; } = [];

    /// <summary>Moves a pending request on, once; an expired one reads as expired whoever asks first.</summary>
    public bool TryAnswer(SigningStatus outcome, DateTimeOffset now, Func<IReadOnlyList<SignedHash>>? sign = null)
    {
        lock (gate)
        {
            Refresh(now);
            if (Status != SigningStatus.Pending)
            {
                return false;
            }

            Signatures = outcome == SigningStatus.Completed ? sign!() : [];
            Status = outcome;
            AnsweredAt = now;
            return true;
        }
    }

    public SigningTransaction Refresh(DateTimeOffset now)
    {
        lock (gate)
        {
            if (Status == SigningStatus.Pending && now >= ExpiresAt)
            {
                Status = SigningStatus.Expired;
                AnsweredAt = ExpiresAt;
            }

            return this;
        }
    }
}

/// <summary>
/// Where each face's signing requests wait for the signer: the phone endpoints (or the automated phone of
/// <see cref="SigningBehaviour"/>) confirm or reject them, and the face's CA signs the hashes on confirmation.
/// </summary>
internal sealed partial class SigningDesk(SandboxFaces faces, SandboxOptions options, TimeProvider time, ILogger<SigningDesk> logger)
{
    private readonly ConcurrentDictionary<(string Face, string Id), SigningTransaction> transactions = new();
    private const int MaxKept = 10_000;
    private static readonly TimeSpan KeepAnswered = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string Face, string Reference), SigningTransaction> byReference = new();

    /// <summary>
    /// Puts a request before the signer. A client reference seen before returns that request instead of asking the
    /// signer twice, or null when it came with another signer or other hashes.
    /// </summary>
    public SigningTransaction? Start(
        string face, Person signer, string credentialId, HashAlgorithmName algorithm, IReadOnlyList<HashToSign> hashes, string description, string? clientReference)
    {
        var now = time.GetUtcNow();
        var transaction = new SigningTransaction(
            Guid.NewGuid().ToString("N"), face, signer, credentialId, algorithm, hashes, description, clientReference, now, now + options.Signing.TransactionLifetime);
        if (clientReference is { Length: > 0 })
        {
            var earlier = byReference.GetOrAdd((face, clientReference), transaction);
            if (!ReferenceEquals(earlier, transaction))
            {
                return earlier.Signer.PersonalId == signer.PersonalId && earlier.CredentialId == credentialId
                       && earlier.Hashes.Select(hash => Convert.ToHexString(hash.Hash)).SequenceEqual(hashes.Select(hash => Convert.ToHexString(hash.Hash)))
                    ? earlier.Refresh(now)
                    : null;
            }
        }

        if (transactions.Count >= MaxKept)
        {
            Forget(now - KeepAnswered);
        }

        transactions[(face, transaction.Id)] = transaction;
        LogWaiting(logger, face, transaction.Id, signer.PersonalId, hashes.Count);

        var behaviour = options.Signing;
        if (behaviour.AutoConfirm != AutoConfirm.Off)
        {
            var outcome = behaviour.AutoConfirm == AutoConfirm.Confirm ? SigningStatus.Completed : SigningStatus.Rejected;
            if (behaviour.ConfirmDelay <= TimeSpan.Zero)
            {
                Answer(transaction, outcome);
            }
            else
            {
                _ = AnswerLaterAsync(transaction, outcome, behaviour.ConfirmDelay);
            }
        }

        return transaction;
    }

    public SigningTransaction? Find(string face, string id) =>
        transactions.TryGetValue((face, id), out var transaction) ? transaction.Refresh(time.GetUtcNow()) : null;

    public IEnumerable<SigningTransaction> PendingFor(string face, string personalId) =>
        transactions.Values
            .Where(transaction => transaction.Face == face && transaction.Signer.PersonalId == personalId)
            .Select(transaction => transaction.Refresh(time.GetUtcNow()))
            .Where(transaction => transaction.Status == SigningStatus.Pending)
            .OrderBy(transaction => transaction.CreatedAt);

    /// <summary>The signer's answer on the phone; false when the request was no longer pending.</summary>
    public bool Answer(SigningTransaction transaction, SigningStatus outcome)
    {
        var now = time.GetUtcNow();
        var answered = outcome == SigningStatus.Expired
            ? transaction.TryAnswer(SigningStatus.Expired, now)
            : transaction.TryAnswer(outcome, now, () => Sign(transaction, now));
        if (answered)
        {
            LogAnswered(logger, transaction.Face, transaction.Id, outcome);
        }

        return answered;
    }

    /// <summary>Keeps a long benchmark from filling memory: requests answered (or expired) before the cut-off go.</summary>
    private void Forget(DateTimeOffset cutOff)
    {
        foreach (var (key, old) in transactions.Where(entry => entry.Value.Status != SigningStatus.Pending && entry.Value.CreatedAt < cutOff))
        {
            transactions.TryRemove(key, out _);
            if (old.ClientReference is { } reference)
            {
                byReference.TryRemove((old.Face, reference), out _);
            }
        }
    }

    private List<SignedHash> Sign(SigningTransaction transaction, DateTimeOffset now)
    {
        var authority = faces[transaction.Face].Authority;
        var certificate = authority.SignerCertificate(transaction.Signer.PersonalId, transaction.Signer.FullName);
        return [.. transaction.Hashes.Select(hash => new SignedHash(
            hash.DocumentId, CmsHashSignature.Create(hash.Hash, transaction.Algorithm, certificate, authority.Chain, now)))];
    }

    private async Task AnswerLaterAsync(SigningTransaction transaction, SigningStatus outcome, TimeSpan delay)
    {
        await Task.Delay(delay, time).ConfigureAwait(false);
        try
        {
            Answer(transaction, outcome);
        }
        catch (CryptographicException exception)
        {
            LogSigningFailed(logger, exception, transaction.Face, transaction.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Face}: signing request {Transaction} for {PersonalId} ({Count} hashes) waits for the signer")]
    private static partial void LogWaiting(ILogger logger, string face, string transaction, string personalId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Face}: signing request {Transaction} {Outcome}")]
    private static partial void LogAnswered(ILogger logger, string face, string transaction, SigningStatus outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Face}: the automated phone could not sign {Transaction}")]
    private static partial void LogSigningFailed(ILogger logger, Exception exception, string face, string transaction);
}
