namespace Linktor.Storage.Media;

/// <summary><c>Linktor:Media:S3</c>: an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...).</summary>
public sealed class S3MediaOptions
{
    public string Bucket { get; set; } = string.Empty;

    /// <summary>The service address for S3-compatible servers (e.g. <c>http://minio:9000</c>); AWS when empty.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addresses (<c>host/bucket/key</c>), which MinIO and most compatible servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
