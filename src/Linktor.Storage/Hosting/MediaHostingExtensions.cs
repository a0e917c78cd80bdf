using Linktor.Storage.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class MediaHostingExtensions
{
    /// <summary>
    /// The media store <c>Linktor:Media:Store</c> names: the local disk (default) or an S3-compatible bucket. API nodes
    /// keep uploads in it and silos copies of inbound attachments, so every node of a cluster must reach the same one.
    /// </summary>
    public static IHostApplicationBuilder AddLinktorMedia(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(s => s.ServiceType == typeof(IMediaStore)))
        {
            return builder;
        }

        services.AddOptions<MediaOptions>()
            .Bind(builder.Configuration.GetSection(MediaOptions.SectionName))
            .Validate(o => o.MaxUploadBytes > 0, "Linktor:Media:MaxUploadBytes must be positive.")
            .Validate(o => o.MaxProviderDownloadBytes > 0, "Linktor:Media:MaxProviderDownloadBytes must be positive.")
            .Validate(o => o.CopyLease >= TimeSpan.FromSeconds(1), "Linktor:Media:CopyLease must be at least 1 s.")
            .Validate(o => o.TenantQuotaBytes >= o.MaxUploadBytes, "Linktor:Media:TenantQuotaBytes must be at least MaxUploadBytes.")
            .Validate(o => o.VisitorPendingQuotaBytes >= o.MaxUploadBytes && o.VisitorPendingQuotaBytes <= o.TenantQuotaBytes,
                "Linktor:Media:VisitorPendingQuotaBytes must be at least MaxUploadBytes and at most TenantQuotaBytes.")
            .Validate(o => o.UnreferencedUploadRetention > TimeSpan.Zero && o.UploadJanitorInterval > TimeSpan.Zero,
                "Linktor:Media:UnreferencedUploadRetention and UploadJanitorInterval must be positive.")
            .Validate(o => o.Store != MediaStoreKind.S3 || o.S3.Bucket.Length > 0, "Linktor:Media:S3:Bucket is needed when Linktor:Media:Store is S3.")
            .ValidateOnStart();
        services.AddSingleton<MediaUploads>();
        services.AddSingleton<FileSystemMediaStore>();
        services.AddSingleton<S3MediaStore>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value.Store switch
        {
            MediaStoreKind.S3 => sp.GetRequiredService<S3MediaStore>(),
            _ => sp.GetRequiredService<FileSystemMediaStore>(),
        });
        return builder;
    }
}
