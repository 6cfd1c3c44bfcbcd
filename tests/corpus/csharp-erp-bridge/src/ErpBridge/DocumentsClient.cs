using RestSharp;

namespace ErpBridge;

/// <summary>Business documents (API v3) with RestSharp.</summary>
public sealed class DocumentsClient
{
    private readonly RestClient _client;

    public DocumentsClient(XentralOptions options)
    {
        _client = new RestClient(new RestClientOptions($"{options.Host.TrimEnd('/')}/api/v3"));
        _client.AddDefaultHeader("Authorization", $"Bearer {options.Token}");
    }

    public async Task<string?> InvoiceAsync(string id)
    {
        var request = new RestRequest("invoices/{id}").AddUrlSegment("id", id);
        var response = await _client.GetAsync(request);
        return response.Content;
    }

    public async Task ReleaseSalesOrderAsync(string id)
    {
        var request = new RestRequest("salesOrders/{id}/actions/release", Method.Patch).AddUrlSegment("id", id);
        await _client.ExecuteAsync(request);
    }

    public async Task<string?> CreateOfferAsync(object offer)
    {
        var request = new RestRequest("offers", Method.Post).AddJsonBody(offer);
        var response = await _client.ExecuteAsync(request);
        return response.Content;
    }

    public async Task DeleteLineItemAsync(string invoiceId, string lineItemId)
    {
        var request = new RestRequest($"invoices/{invoiceId}/lineItems/{lineItemId}", Method.Delete);
        await _client.ExecuteAsync(request);
    }

    public async Task<string?> ProductionsAsync()
    {
        var response = await _client.ExecuteGetAsync(new RestRequest("productions"));
        return response.Content;
    }
}
