package de.kistenwerk.xentral;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class XentralHttpClientTest {

    @Test
    void productUsesTheToken() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("{\"data\":{}}"));
            String base = server.url("/").toString();
            var client = new XentralHttpClient(new XentralProperties(base, "t", "u", "p"));

            client.product("5");

            RecordedRequest request = server.takeRequest();
            assertThat(request.getPath()).isEqualTo("/api/v1/products/5");
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer t");
        }
    }
}
