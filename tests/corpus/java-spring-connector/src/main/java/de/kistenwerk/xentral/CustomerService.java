package de.kistenwerk.xentral;

import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestTemplate;

/**
 * Customers and webhooks with Spring's RestTemplate; the root URI and the token are set once.
 */
@Service
public class CustomerService {

    private final RestTemplate restTemplate;

    public CustomerService(RestTemplateBuilder builder, XentralProperties props) {
        this.restTemplate = builder
                .rootUri(props.baseUrl() + "/api/v1")
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + props.token())
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .build();
    }

    public String customer(String id) {
        return restTemplate.getForObject("/customers/{id}", String.class, id);
    }

    public String contactPersons(String customerId) {
        return restTemplate.getForObject("/customers/{id}/contactPerson", String.class, customerId);
    }

    public String createCustomer(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return restTemplate.postForObject("/customers", new HttpEntity<>(json, headers), String.class);
    }

    public void updateCustomer(String id, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        restTemplate.exchange("/customers/{id}", HttpMethod.PATCH, new HttpEntity<>(json, headers), String.class, id);
    }

    public void deleteWebhook(String id) {
        restTemplate.delete("/webhooks/{id}", id);
    }
}
