namespace ErpBridge;

/// <summary>Settings of the Xentral connection (appsettings.json, section "Xentral").</summary>
public sealed class XentralOptions
{
    /// <summary>Instance address, e.g. https://acme.xentral.biz (the client adds /api/v1).</summary>
    public string Host { get; set; } = "";

    public string Token { get; set; } = "";

    public string LegacyUser { get; set; } = "";

    public string LegacyPassword { get; set; } = "";
}
