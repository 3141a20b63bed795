package health.liaison.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The backend behind the proxies under test, in its own process: {@code .../instant} answers at once,
 * {@code .../slow} after 20 ms (the delay is scheduled, not slept, so it costs no thread).
 */
public final class EchoBackend {

    private static final byte[] BODY = "{\"slots\":[{\"start\":\"2026-04-14T13:00:00Z\",\"end\":\"2026-04-14T14:00:00Z\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private EchoBackend() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                CompletableFuture.runAsync(() -> answer(exchange),
                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, Executors.newVirtualThreadPerTaskExecutor()));
            } else {
                answer(exchange);
            }
        });
        server.start();
        System.out.println("echo backend on " + port);
    }

    private static void answer(HttpExchange exchange) {
        try (exchange; OutputStream body = exchange.getResponseBody()) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            body.write(BODY);
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
