using Linktor.Storage.Media;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Media;

/// <summary>The default media store: files on the local disk, shared by the processes of a local cluster.</summary>
public sealed class FileSystemMediaStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"linktor-media-tests-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASavedFileReadsBackWithWhatItIs()
    {
        var store = Store();
        var tenant = Guid.NewGuid();
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();

        var saved = await store.SaveAsync(tenant, new MemoryStream(bytes), "video/mp4", "Clip é.mp4", Ct);

        saved.Size.ShouldBe(bytes.Length);
        MediaIds.IsWellFormed(saved.Id).ShouldBeTrue();
        await using var opened = (await store.OpenAsync(saved.Id, Ct)).ShouldNotBeNull();
        opened.Media.ShouldBe(saved);
        (await ReadAllAsync(opened.Stream)).ShouldBe(bytes);
    }

    [Fact]
    public async Task FindingAnUploadReadsWhatItIs()
    {
        var store = Store();
        var saved = await store.SaveAsync(Guid.NewGuid(), new MemoryStream([1, 2]), "image/png", "a.png", Ct);

        (await store.FindAsync(saved.Id, Ct)).ShouldBe(saved);
        (await store.FindAsync(MediaIds.New(), Ct)).ShouldBeNull();
        (await store.FindAsync("../../etc/passwd", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task AFileSavedUnderAGivenIdIsDeletedTwiceWithoutError()
    {
        var store = Store();
        var id = MediaIds.New();
        var saved = await store.SaveAsync(id, Guid.NewGuid(), new MemoryStream([4, 5]), "image/png", "b.png", Ct);
        saved.Id.ShouldBe(id);
        (await store.FindAsync(id, Ct)).ShouldBe(saved);

        // Two upload janitors may both delete it.
        await store.DeleteAsync(id, Ct);
        await store.DeleteAsync(id, Ct);

        (await store.FindAsync(id, Ct)).ShouldBeNull();
        (await store.OpenAsync(id, Ct)).ShouldBeNull();
        Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).ShouldBeEmpty();
        await Should.ThrowAsync<ArgumentException>(() => store.SaveAsync("../escape", Guid.NewGuid(), new MemoryStream([1]), "image/png", null, Ct));
    }

    [Fact]
    public async Task AnotherProcessOnTheSameFolderReadsWhatOneSaved()
    {
        var saved = await Store().SaveAsync(Guid.NewGuid(), new MemoryStream([7, 8, 9]), "image/png", null, Ct);

        await using var opened = (await Store().OpenAsync(saved.Id, Ct)).ShouldNotBeNull();

        opened.Media.Filename.ShouldBeNull();
        (await ReadAllAsync(opened.Stream)).ShouldBe([7, 8, 9]);
    }

    [Fact]
    public async Task EveryFileGetsItsOwnUnguessableId()
    {
        var store = Store();
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            (await store.SaveAsync(Guid.NewGuid(), new MemoryStream([1]), "text/plain", "same.txt", Ct)).Id));

        ids.Distinct().Count().ShouldBe(20);
        Directory.GetFiles(_folder, "*.partial", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("short")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..%2F..%2F..%2Fetc%2Fpas")]
    [InlineData("")]
    public async Task AnUnknownOrMalformedIdNamesNoFile(string id)
    {
        var store = Store();
        await store.SaveAsync(Guid.NewGuid(), new MemoryStream([1]), "text/plain", null, Ct);

        (await store.OpenAsync(id, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task AFailedUploadLeavesNothingBehind()
    {
        var store = Store();

        await Should.ThrowAsync<IOException>(() => store.SaveAsync(Guid.NewGuid(), new BrokenStream(), "image/png", "x.png", Ct));

        Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnInboundCopyIsKeptPerMessageAndASecondCopyReplacesTheFirst()
    {
        var store = Store();
        var (tenant, message) = (Guid.NewGuid(), Guid.NewGuid());
        (await store.OpenInboundCopyAsync(tenant, message, Ct)).ShouldBeNull();

        await store.SaveInboundCopyAsync(tenant, message, new MemoryStream([1, 2]), "image/jpeg", "first.jpg", Ct);
        await store.SaveInboundCopyAsync(tenant, message, new MemoryStream([3, 4, 5]), "image/jpeg", "again.jpg", Ct);

        await using var copy = (await store.OpenInboundCopyAsync(tenant, message, Ct)).ShouldNotBeNull();
        (copy.Media.TenantId, copy.Media.ContentType, copy.Media.Size, copy.Media.Filename).ShouldBe((tenant, "image/jpeg", 3L, "again.jpg"));
        (await ReadAllAsync(copy.Stream)).ShouldBe([3, 4, 5]);
        (await store.OpenInboundCopyAsync(Guid.NewGuid(), message, Ct)).ShouldBeNull("another tenant's message of the same id has none");
        (await store.OpenAsync(copy.Media.Id, Ct)).ShouldBeNull("a copy is not an upload: the public route cannot reach it");
    }

    [Fact]
    public async Task ReadersOfAnInboundCopyBeingRetakenSeeTheOldOrTheNewCopyWhole()
    {
        // A silo copies an attachment on arrival while an agent's download takes it too (the copy was not there yet):
        // two writers of one copy, and readers in between, must never see metadata or bytes half written.
        var store = Store();
        var (tenant, message) = (Guid.NewGuid(), Guid.NewGuid());
        var content = Enumerable.Range(0, 64 * 1024).Select(i => (byte)i).ToArray();
        await store.SaveInboundCopyAsync(tenant, message, new MemoryStream(content), "image/png", "photo.png", Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await store.SaveInboundCopyAsync(tenant, message, new MemoryStream(content), "image/png", "photo.png", Ct);
            }
        }, Ct)).ToArray();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!writers.All(w => w.IsCompleted))
            {
                await using var copy = (await store.OpenInboundCopyAsync(tenant, message, Ct)).ShouldNotBeNull();
                copy.Media.ContentType.ShouldBe("image/png");
                (await ReadAllAsync(copy.Stream)).ShouldBe(content);
                reads++;
            }
        }, Ct);

        await Task.WhenAll([.. writers, reader]);
        reads.ShouldBeGreaterThan(0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private FileSystemMediaStore Store() =>
        new(Options.Create(new MediaOptions { Path = _folder }), TimeProvider.System);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    /// <summary>A request body whose client went away half way.</summary>
    private sealed class BrokenStream : MemoryStream
    {
        public BrokenStream()
            : base(new byte[100_000])
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position > 50_000 ? throw new IOException("The client disconnected.") : base.ReadAsync(buffer, cancellationToken);
    }
}
