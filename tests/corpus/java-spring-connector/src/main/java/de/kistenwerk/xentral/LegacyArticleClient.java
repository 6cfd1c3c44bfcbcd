package de.kistenwerk.xentral;

import java.io.IOException;

import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Article master data still comes from the legacy REST API. The proxy in front of that instance
 * terminates Basic authentication for the connector user.
 */
public class LegacyArticleClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client = new OkHttpClient();
    private final String base;
    private final String credential;

    public LegacyArticleClient(XentralProperties props) {
        this.base = props.baseUrl() + "/api/v1";
        this.credential = Credentials.basic(props.legacyUser(), props.legacyPassword());
    }

    private String execute(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("legacy API: " + response.code());
            }
            return response.body().string();
        }
    }

    public String articles(int page) throws IOException {
        Request request = new Request.Builder()
                .url(base + "/artikel?page=" + page + "&items=200")
                .header("Authorization", credential)
                .build();
        return execute(request);
    }

    public String category(int id) throws IOException {
        Request request = new Request.Builder().url(base + "/artikelkategorien/" + id).header("Authorization", credential).get().build();
        return execute(request);
    }

    public String createCategory(String json) throws IOException {
        Request request = new Request.Builder()
                .url(base + "/artikelkategorien")
                .post(RequestBody.create(json, JSON))
                .header("Authorization", credential)
                .build();
        return execute(request);
    }

    public String updateProperty(int id, String json) throws IOException {
        Request request = new Request.Builder()
                .url(String.format("%s/eigenschaften/%d", base, id))
                .put(RequestBody.create(json, JSON))
                .header("Authorization", credential)
                .build();
        return execute(request);
    }

    public void deletePropertyValue(int id) throws IOException {
        Request request = new Request.Builder()
                .url(base + "/eigenschaftenwerte/" + id)
                .delete()
                .header("Authorization", credential)
                .build();
        execute(request);
    }
}
