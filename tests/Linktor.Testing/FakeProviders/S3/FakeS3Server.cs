using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Linktor.Testing.FakeProviders.S3;

/// <summary>
/// One S3 bucket, path-style (<c>{BaseUrl}{bucket}/{key}</c>), as MinIO serves it: <c>PUT</c>,
/// <c>GET</c> and <c>HEAD</c> of objects with their Content-Type and <c>x-amz-meta-*</c> metadata.
/// Every request must carry a valid AWS Signature Version 4 (Authorization header) for the one
/// access key the fake knows, checked as S3 checks it: the canonical request over the method, the
/// path, the query, the signed headers (which must include host and every <c>x-amz-*</c> header) and
/// <c>x-amz-content-sha256</c>, which must match the body; <c>aws-chunked</c> bodies are decoded
/// and their chunk signatures checked. Errors come in S3's XML: 403 <c>SignatureDoesNotMatch</c> or
/// <c>InvalidAccessKeyId</c>, 404 <c>NoSuchKey</c> or <c>NoSuchBucket</c>, 501 <c>NotImplemented</c>
/// for anything else (listing, multipart, ranges are not served). Presigned URLs are not supported.
/// </summary>
public sealed class FakeS3Server(
    string bucket = FakeS3Server.DefaultBucket,
    string accessKey = FakeS3Server.DefaultAccessKey,
    string secretKey = FakeS3Server.DefaultSecretKey,
    string region = FakeS3Server.DefaultRegion) : FakeProviderServer
{
    public const string DefaultBucket = "linktor-media";

    /// <summary>The example key pair of AWS's documentation.</summary>
    public const string DefaultAccessKey = "AKIAIOSFODNN7EXAMPLE";

    public const string DefaultSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public const string DefaultRegion = "us-east-1";

    private const string MetadataPrefix = "x-amz-meta-";

    private readonly ConcurrentDictionary<string, S3StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _authenticated = new();

    public string Bucket => bucket;

    public string AccessKey => accessKey;

    public string SecretKey => secretKey;

    public string Region => region;

    /// <summary>The objects in the bucket, by key.</summary>
    public IReadOnlyDictionary<string, S3StoredObject> Objects => new Dictionary<string, S3StoredObject>(_objects, StringComparer.Ordinal);

    /// <summary>The requests whose signature verified (so were answered as S3 would), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Authenticated => [.. _authenticated];

    public S3StoredObject? Object(string key) => _objects.GetValueOrDefault(key);

    /// <summary>Puts an object straight into the bucket, as if uploaded earlier.</summary>
    public void AddObject(string key, byte[] body, string contentType, IReadOnlyDictionary<string, string>? metadata = null) =>
        _objects[key] = new S3StoredObject(key, body, contentType, metadata ?? new Dictionary<string, string>(), ETagOf(body), DateTimeOffset.UtcNow);

    /// <summary>An S3 error answer, for <see cref="FakeProviderServer.InjectFault"/> (e.g. 503 <c>SlowDown</c>).</summary>
    public static Fault Error(int statusCode, string code, string message) =>
        new(statusCode, ErrorXml(code, message, new Dictionary<string, string>()), "application/xml");

    protected override void MapEndpoints(WebApplication app) => app.Run(HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
            var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
            var rawPath = question < 0 ? rawTarget : rawTarget[..question];
            var rawQuery = question < 0 ? "" : rawTarget[(question + 1)..];

            using var received = new MemoryStream();
            await context.Request.Body.CopyToAsync(received, context.RequestAborted);
            var body = Authenticate(context.Request, rawPath, rawQuery, received.ToArray());

            var path = rawPath.StartsWith('/') ? rawPath[1..] : rawPath;
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var bucketName = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
            var key = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
            if (bucketName.Length == 0)
            {
                throw new S3ErrorException(501, "NotImplemented", "Listing buckets is not implemented by this fake.");
            }

            if (bucketName != bucket)
            {
                throw new S3ErrorException(404, "NoSuchBucket", "The specified bucket does not exist.", new Dictionary<string, string> { ["BucketName"] = bucketName });
            }

            if (key.Length == 0 || rawQuery.Length > 0)
            {
                throw new S3ErrorException(501, "NotImplemented", "Only PUT, GET, HEAD and DELETE of a whole object are implemented by this fake.");
            }

            switch (context.Request.Method)
            {
                case "PUT":
                    Put(context, key, body);
                    break;
                case "GET" or "HEAD":
                    await GetAsync(context, key);
                    break;
                case "DELETE":
                    // As S3: 204 whether or not there was such an object.
                    _objects.TryRemove(key, out _);
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    context.Response.Headers["x-amz-request-id"] = RequestId();
                    break;
                default:
                    throw new S3ErrorException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            }
        }
        catch (S3ErrorException e)
        {
            context.Response.StatusCode = e.StatusCode;
            context.Response.Headers["x-amz-request-id"] = RequestId();
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(ErrorXml(e.Code, e.Message, e.Details), context.RequestAborted);
            }
        }
    }

    /// <summary>Checks the request's signature as S3 does; returns the object data it carries (decoded when aws-chunked).</summary>
    private byte[] Authenticate(HttpRequest request, string rawPath, string rawQuery, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw new S3ErrorException(403, "AccessDenied", rawQuery.Contains("X-Amz-Signature=", StringComparison.Ordinal)
                ? "Presigned URLs are not implemented by this fake."
                : "Anonymous access is denied.");
        }

        if (!authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            throw new S3ErrorException(400, "InvalidArgument", "Unsupported Authorization Type.");
        }

        var fields = authorization[(SigV4.Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential)
            || !fields.TryGetValue("SignedHeaders", out var signedHeaderList)
            || !fields.TryGetValue("Signature", out var signature))
        {
            throw Malformed("The authorization header is malformed; it needs Credential, SignedHeaders and Signature.");
        }

        var scopeParts = credential.Split('/');
        if (scopeParts.Length != 5)
        {
            throw Malformed($"The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        if (scopeParts[0] != accessKey)
        {
            throw new S3ErrorException(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
                new Dictionary<string, string> { ["AWSAccessKeyId"] = scopeParts[0] });
        }

        var date = scopeParts[1];
        if (scopeParts[2] != region)
        {
            throw Malformed($"The authorization header is malformed; the region '{scopeParts[2]}' is wrong; expecting '{region}'.");
        }

        if (scopeParts[3] != SigV4.Service || scopeParts[4] != SigV4.Terminator)
        {
            throw Malformed("The authorization header is malformed; the Credential's service must be s3 and its terminator aws4_request.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTime.TryParseExact(amzDate, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new S3ErrorException(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header.");
        }

        if (amzDate[..8] != date)
        {
            throw Malformed($"The authorization header is malformed; Invalid credential date \"{date}\". This date is not the same as X-Amz-Date: \"{amzDate[..8]}\".");
        }

        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.SequenceEqual(signedHeaders.Select(h => h.ToLowerInvariant()).Order(StringComparer.Ordinal))
            || !signedHeaders.Contains("host"))
        {
            throw Malformed("The authorization header is malformed; SignedHeaders must be lower case, sorted and include host.");
        }

        var unsigned = request.Headers.Keys
            .Select(h => h.ToLowerInvariant())
            .Where(h => h.StartsWith("x-amz-", StringComparison.Ordinal) && !signedHeaders.Contains(h))
            .ToList();
        if (unsigned.Count > 0)
        {
            throw new S3ErrorException(403, "AccessDenied", "There were headers present in the request which were not signed",
                new Dictionary<string, string> { ["HeadersNotSigned"] = string.Join(", ", unsigned) });
        }

        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash.Length == 0)
        {
            throw new S3ErrorException(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        }

        var canonicalRequest = SigV4.CanonicalRequest(request.Method, rawPath, rawQuery, request.Headers, signedHeaders, payloadHash);
        var scope = SigV4.Scope(date, region);
        var stringToSign = SigV4.StringToSign(amzDate, scope, canonicalRequest);
        var signingKey = SigV4.SigningKey(secretKey, date, region);
        if (!SigV4.SignaturesMatch(SigV4.Sign(signingKey, stringToSign), signature))
        {
            throw new S3ErrorException(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                new Dictionary<string, string>
                {
                    ["AWSAccessKeyId"] = scopeParts[0],
                    ["StringToSign"] = stringToSign,
                    ["SignatureProvided"] = signature,
                    ["CanonicalRequest"] = canonicalRequest,
                });
        }

        var data = payloadHash switch
        {
            "UNSIGNED-PAYLOAD" => body,
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" or "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" =>
                AwsChunked.Decode(body, signed: true, signingKey, amzDate, scope, signature).Data,
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER" => AwsChunked.Decode(body, signed: false, signingKey, amzDate, scope, signature).Data,
            _ when payloadHash.Length == 64 && payloadHash.All(char.IsAsciiHexDigitLower) =>
                payloadHash == SigV4.Hash(body)
                    ? body
                    : throw new S3ErrorException(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed."),
            _ => throw new S3ErrorException(400, "InvalidArgument", $"x-amz-content-sha256 must be a SHA-256 or a known payload mode, not '{payloadHash}'."),
        };
        if (payloadHash.StartsWith("STREAMING-", StringComparison.Ordinal)
            && request.Headers["x-amz-decoded-content-length"].ToString() != data.Length.ToString(CultureInfo.InvariantCulture))
        {
            throw new S3ErrorException(400, "IncompleteBody", "You did not provide the number of bytes specified by x-amz-decoded-content-length.");
        }

        _authenticated.Enqueue(new RecordedRequest(
            DateTimeOffset.UtcNow,
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            data,
            request.ContentType,
            Accepted: true));
        return data;
    }

    private void Put(HttpContext context, string key, byte[] body)
    {
        var metadata = context.Request.Headers
            .Where(h => h.Key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key[MetadataPrefix.Length..].ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var stored = new S3StoredObject(key, body, context.Request.ContentType ?? "binary/octet-stream", metadata, ETagOf(body), DateTimeOffset.UtcNow);
        _objects[key] = stored;
        context.Response.Headers.ETag = stored.ETag;
        context.Response.Headers["x-amz-request-id"] = RequestId();
    }

    private async Task GetAsync(HttpContext context, string key)
    {
        if (!_objects.TryGetValue(key, out var stored))
        {
            throw new S3ErrorException(404, "NoSuchKey", "The specified key does not exist.", new Dictionary<string, string> { ["Key"] = key });
        }

        var response = context.Response;
        response.ContentType = stored.ContentType;
        response.ContentLength = stored.Body.Length;
        response.Headers.ETag = stored.ETag;
        response.Headers.LastModified = stored.LastModified.ToString("r", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        response.Headers["x-amz-request-id"] = RequestId();
        foreach (var (name, value) in stored.Metadata)
        {
            response.Headers[MetadataPrefix + name] = value;
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            await response.Body.WriteAsync(stored.Body, context.RequestAborted);
        }
    }

    // S3's ETag of a single-part upload: the quoted hex MD5 of the body, which SDKs compare with their own.
#pragma warning disable CA5351 // MD5 is what S3 uses here, not a security choice
    private static string ETagOf(byte[] body) => $"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"";
#pragma warning restore CA5351

    private static string RequestId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    private static S3ErrorException Malformed(string message) => new(400, "AuthorizationHeaderMalformed", message);

    private static string ErrorXml(string code, string message, IReadOnlyDictionary<string, string> details)
    {
        var error = new XElement("Error", new XElement("Code", code), new XElement("Message", message));
        foreach (var (name, value) in details)
        {
            error.Add(new XElement(name, value));
        }

        error.Add(new XElement("RequestId", RequestId()));
        return new XDeclaration("1.0", "UTF-8", null) + Environment.NewLine + error.ToString(SaveOptions.DisableFormatting);
    }
}
