using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Linktor.Storage.DataProtection;

/// <summary>A stored element offered to the key manager for deletion.</summary>
internal sealed class PostgresDeletableElement(string friendlyName, XElement element) : IDeletableElement
{
    public string FriendlyName { get; } = friendlyName;

    public XElement Element { get; } = element;

    public int? DeletionOrder { get; set; }
}
