package io.redkit.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

/** A Server-Sent Events subscriber for tests: every line of the stream goes to a queue, as it arrives. */
public final class ServerSentEvents {

    private ServerSentEvents() {}

    /** Opens the stream at {@code uri} and returns the queue its lines will arrive in. */
    public static BlockingQueue<String> subscribe(URI uri) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> {
                    try (Stream<String> body = response.body()) {
                        body.forEach(lines::add);
                    }
                });
        return lines;
    }
}
