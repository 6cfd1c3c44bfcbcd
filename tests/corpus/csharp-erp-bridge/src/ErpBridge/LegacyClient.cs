using System.Net;
using System.Text;

namespace ErpBridge;

/// <summary>
/// The legacy REST API and the Standard API with the API account. HttpClientHandler answers the
/// Digest challenge from the credential cache.
/// </summary>
public sealed class LegacyClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _base;

    public LegacyClient(XentralOptions options)
    {
        var host = options.Host.TrimEnd('/');
        var cache = new CredentialCache
        {
            { new Uri(host), "Digest", new NetworkCredential(options.LegacyUser, options.LegacyPassword) },
        };
        _http = new HttpClient(new HttpClientHandler { Credentials = cache, PreAuthenticate = true });
        _base = host + "/api";
    }

    public async Task<string> AddressAsync(int id)
    {
        var response = await _http.GetAsync(_base + "/v1/adressen/" + id);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task UpdateAddressAsync(int id, string json)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, $"{_base}/v1/adressen/{id}") { Content = content };
        (await _http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    public async Task<string> GroupsAsync()
    {
        return await _http.GetStringAsync($"{_base}/v1/gruppen");
    }

    public async Task<string> CreateOrderAsync(string xml)
    {
        var response = await _http.PostAsync($"{_base}/AuftragCreate", new StringContent(xml, Encoding.UTF8, "application/xml"));
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<byte[]> DocumentPdfAsync(string xml)
    {
        var response = await _http.PostAsync(_base + "/BelegPDF", new StringContent(xml, Encoding.UTF8, "application/xml"));
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task SyncStockAsync(string articleNumber)
    {
        var url = string.Format("{0}/shopimport/syncstorage/{1}", _base, Uri.EscapeDataString(articleNumber));
        (await _http.PostAsync(url, null)).EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
