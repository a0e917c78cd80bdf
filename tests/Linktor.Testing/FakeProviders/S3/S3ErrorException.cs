namespace Linktor.Testing.FakeProviders.S3;

/// <summary>An S3 error answer (<c>&lt;Error&gt;&lt;Code&gt;…</c>) that <see cref="FakeS3Server"/> stops a request with.</summary>
internal sealed class S3ErrorException(int statusCode, string code, string message, IReadOnlyDictionary<string, string>? details = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    /// <summary>More elements of the error, as S3 adds them (e.g. <c>StringToSign</c> and <c>CanonicalRequest</c>).</summary>
    public IReadOnlyDictionary<string, string> Details { get; } = details ?? new Dictionary<string, string>();
}
