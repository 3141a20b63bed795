package health.liaison.platform.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real HTTP calls to a running service, as a front end makes them; answers keep status, headers and body. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static ApiClient onPort(int port) {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    public Call get(String path) {
        return new Call("GET", path, null);
    }

    public Call post(String path, String json) {
        return new Call("POST", path, json);
    }

    public Call put(String path, String json) {
        return new Call("PUT", path, json);
    }

    public Call patch(String path, String json) {
        return new Call("PATCH", path, json);
    }

    public Call delete(String path) {
        return new Call("DELETE", path, null);
    }

    public final class Call {
        private final String method;
        private final String path;
        private final String body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Call(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
        }

        public Call token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Answer send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
            headers.forEach(request::header);
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            try {
                return new Answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A response: status, headers, body and the body as JSON. */
    public record Answer(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public JsonNode json() {
            return JSON.readTree(response.body());
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return response.request().method() + " " + response.uri() + " -> " + status() + " " + body();
        }
    }

    public static JsonMapper json() {
        return JSON;
    }
}
