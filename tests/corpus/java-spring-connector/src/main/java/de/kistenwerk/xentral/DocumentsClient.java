package de.kistenwerk.xentral;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;

/**
 * Business documents (API v3), reactive.
 */
@Component
public class DocumentsClient {

    private final WebClient webClient;

    public DocumentsClient(WebClient.Builder builder, XentralProperties props) {
        this.webClient = builder
                .baseUrl(props.baseUrl() + "/api/v3")
                .defaultHeaders(h -> h.setBearerAuth(props.token()))
                .build();
    }

    public Mono<String> invoice(String id) {
        return webClient.get().uri("/invoices/{id}", id).retrieve().bodyToMono(String.class);
    }

    public Mono<Void> releaseSalesOrder(String id) {
        return webClient.patch().uri("/salesOrders/{id}/actions/release", id).retrieve().bodyToMono(Void.class);
    }

    public Mono<String> invoiceFromOrder(String orderId) {
        return webClient.post()
                .uri("/invoices/actions/createFromSalesOrder")
                .bodyValue("{\"salesOrderId\":\"" + orderId + "\"}")
                .retrieve()
                .bodyToMono(String.class);
    }

    public Mono<Void> removeFile(String offerId, String fileId) {
        return webClient.method(HttpMethod.DELETE)
                .uri("/offers/{id}/files/{fileId}", offerId, fileId)
                .retrieve()
                .bodyToMono(Void.class);
    }
}
