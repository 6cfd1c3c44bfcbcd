using System.Net;
using ErpBridge;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

public class XentralApiClientTests
{
    private sealed class Recorder : HttpMessageHandler
    {
        public HttpRequestMessage? Last;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Last = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
        }
    }

    [Fact]
    public async Task ProductsUsesTheVersionRoot()
    {
        var recorder = new Recorder();
        var client = new XentralApiClient(new HttpClient(recorder), new XentralOptions { Host = "https://t.xentral.biz", Token = "t" },
            NullLogger<XentralApiClient>.Instance);

        await client.ProductsAsync(CancellationToken.None);

        Assert.Equal("/api/v1/products", recorder.Last!.RequestUri!.AbsolutePath);
        await new HttpClient(recorder).GetAsync("https://t.xentral.biz/api/v1/salesOrders/1");
    }
}
