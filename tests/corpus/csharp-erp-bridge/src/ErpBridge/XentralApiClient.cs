using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ErpBridge;

/// <summary>Current Xentral API (v1) with a personal access token.</summary>
public sealed class XentralApiClient
{
    private readonly HttpClient _http;
    private readonly ILogger<XentralApiClient> _log;

    public XentralApiClient(HttpClient http, XentralOptions options, ILogger<XentralApiClient> log)
    {
        _http = http;
        _http.BaseAddress = new Uri($"{options.Host.TrimEnd('/')}/api/v1/");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _log = log;
    }

    public async Task<JsonDocument> ProductsAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("products", ct);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
    }

    public async Task<JsonDocument?> SalesOrderAsync(string id, CancellationToken ct)
    {
        return await _http.GetFromJsonAsync<JsonDocument>($"salesOrders/{id}", ct);
    }

    public async Task<string> ImportSalesOrderAsync(object order, CancellationToken ct)
    {
        var content = new StringContent(JsonSerializer.Serialize(order), Encoding.UTF8, "application/json");
        var response = await _http.PostAsync("salesOrders/actions/import", content, ct);
        if (!response.IsSuccessStatusCode)
        {
            _log.LogWarning("Import failed: POST /api/v1/salesOrders/actions/import returned {Status}", response.StatusCode);
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    public async Task UpdateProductAsync(string id, object fields, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"products/{id}") { Content = JsonContent.Create(fields) };
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task SetStockAsync(string warehouseId, string locationId, object item, CancellationToken ct)
    {
        var url = string.Format("warehouses/{0}/storageLocations/{1}/items", warehouseId, locationId);
        using var response = await _http.PostAsJsonAsync(url, item, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task DeleteSalesOrderAsync(string id, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync("salesOrders/" + id, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task CancelPurchaseOrderAsync(string id, CancellationToken ct)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"purchaseOrders/{id}/actions/cancel"), ct);
        response.EnsureSuccessStatusCode();
    }

    public Task<JsonDocument?> ReturnReasonsAsync(CancellationToken ct) =>
        _http.GetFromJsonAsync<JsonDocument>("returnReasons", ct);
}
