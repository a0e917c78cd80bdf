using Linktor.Storage.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.AddSingleton<MediaUploads>();
        // They delete files: retention and erasure run where the media store is.
        services.AddSingleton<Linktor.Storage.Retention.MediaDeletions>();
        services.AddSingleton<Linktor.Storage.Retention.ErasureStore>();
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
