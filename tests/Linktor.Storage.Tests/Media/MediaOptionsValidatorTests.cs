using Linktor.Storage.Media;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Media;

/// <summary><c>Linktor:Media</c>'s rules between settings: quotas that hold an upload, the chosen store's own settings.</summary>
public sealed class MediaOptionsValidatorTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void TheDefaultsAreAccepted() =>
        Validate(new MediaOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void ATenantQuotaSmallerThanOneUploadIsRefused() =>
        Refusal(new MediaOptions { MaxUploadBytes = 16 * MiB, TenantQuotaBytes = 8 * MiB, VisitorPendingQuotaBytes = 8 * MiB })
            .ShouldContain("Linktor:Media:TenantQuotaBytes must be at least MaxUploadBytes");

    [Theory]
    [InlineData(8, 16, 64)]
    [InlineData(128, 16, 64)]
    public void AVisitorsShareOutsideUploadAndTenantQuotaIsRefused(long visitorMiB, long uploadMiB, long tenantMiB) =>
        Refusal(new MediaOptions { VisitorPendingQuotaBytes = visitorMiB * MiB, MaxUploadBytes = uploadMiB * MiB, TenantQuotaBytes = tenantMiB * MiB })
            .ShouldContain("Linktor:Media:VisitorPendingQuotaBytes must be at least MaxUploadBytes and at most TenantQuotaBytes");

    [Fact]
    public void AVisitorsShareEqualToUploadAndTenantQuotaIsAccepted() =>
        Validate(new MediaOptions { VisitorPendingQuotaBytes = 16 * MiB, MaxUploadBytes = 16 * MiB, TenantQuotaBytes = 16 * MiB }).Succeeded.ShouldBeTrue();

    [Fact]
    public void AnS3StoreNeedsABucket()
    {
        Refusal(new MediaOptions { Store = MediaStoreKind.S3 })
            .ShouldContain("Linktor:Media:S3:Bucket is needed when Linktor:Media:Store is S3");
        Validate(new MediaOptions { Store = MediaStoreKind.S3, S3 = new() { Bucket = "linktor-media" } }).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void AFileSystemStoreNeedsAPathButAnS3StoreDoesNot()
    {
        Refusal(new MediaOptions { Path = " " }).ShouldContain("Linktor:Media:Path is needed");
        Validate(new MediaOptions { Path = "", Store = MediaStoreKind.S3, S3 = new() { Bucket = "b" } }).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, "MaxUploadBytes")]
    [InlineData(-1, "MaxUploadBytes")]
    public void ANonPositiveUploadLimitIsRefused(long bytes, string setting) =>
        Refusal(new MediaOptions { MaxUploadBytes = bytes }).ShouldContain(setting);

    [Fact]
    public void ACopyLeaseUnderASecondIsRefused() =>
        Refusal(new MediaOptions { CopyLease = TimeSpan.FromMilliseconds(500) }).ShouldContain("CopyLease");

    private static ValidateOptionsResult Validate(MediaOptions options) => new MediaOptionsValidator().Validate(null, options);

    private static string Refusal(MediaOptions options)
    {
        var result = Validate(options);
        result.Failed.ShouldBeTrue();
        return result.FailureMessage!;
    }
}
