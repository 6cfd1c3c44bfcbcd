package de.kistenwerk.xentral;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Products and sales orders through java.net.http with the personal access token.
 */
@Component
public class XentralHttpClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    public XentralHttpClient(XentralProperties props) {
        this.baseUrl = props.baseUrl().replaceAll("/+$", "") + "/api/v1";
        this.token = props.token();
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("Xentral answered " + response.statusCode() + " for " + request.uri().getPath());
        }
        return response.body();
    }

    public String products(int page) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder()
                .uri(URI.create(baseUrl + "/products?page[number]=" + page + "&page[size]=100"))
                .GET()
                .header("Authorization", "Bearer " + token)
                .build();
        return send(request);
    }

    public String product(String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/products/" + id))
                .header("Authorization", "Bearer " + token)
                .build();
        return send(request);
    }

    public String importSalesOrder(String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder()
                .uri(URI.create(baseUrl + "/salesOrders/actions/import"))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .build();
        return send(request);
    }

    public void dispatch(String orderId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder()
                .uri(URI.create(String.format("%s/salesOrders/%s/actions/dispatch", baseUrl, orderId)))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token)
                .build();
        send(request);
    }

    public void patchProduct(String id, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder()
                .uri(URI.create(baseUrl + "/products/" + id))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token)
                .build();
        send(request);
    }

    public void deleteOrder(String orderId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder()
                .uri(URI.create(baseUrl + "/salesOrders/" + orderId))
                .DELETE()
                .header("Authorization", "Bearer " + token)
                .build();
        send(request);
    }
}
