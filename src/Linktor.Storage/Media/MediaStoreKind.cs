namespace Linktor.Storage.Media;

public enum MediaStoreKind
{
    FileSystem,
    S3,
}
