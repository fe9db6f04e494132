package io.opengateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: C clients each send requests back to back for a fixed time (after a warm-up),
 * over kept-alive connections. Prints one line:
 * {@code label concurrency requests errors req_per_s p50_ms p99_ms}.
 * Usage: {@code RequestLoad <label> <url> <key> <body> <concurrency> <seconds> [warm-up seconds]}
 * (the warm-up is a third of the time unless given; 0 for none).
 */
public final class RequestLoad {

    private RequestLoad() {
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI url = URI.create(args[1]);
        String key = args[2];
        String body = args[3];
        int concurrency = Integer.parseInt(args[4]);
        long seconds = Long.parseLong(args[5]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        long warmUp = args.length > 6 ? Long.parseLong(args[6]) : Math.max(2, seconds / 3);
        if (warmUp > 0) {
            run(http, req, concurrency, warmUp, null, null);
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long t0 = System.nanoTime();
        run(http, req, concurrency, seconds, latencies, errors);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s %d %d %d %.0f %.2f %.2f%n", label, concurrency, latencies.size(), errors.get(),
                latencies.size() / elapsed, StreamLoad.pct(latencies, 50), StreamLoad.pct(latencies, 99));
    }

    private static void run(HttpClient http, HttpRequest req, int concurrency, long seconds, List<Long> latencies,
            AtomicInteger errors) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Threads.perTask();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        if (latencies != null) {
                            if (r.statusCode() == 200) {
                                latencies.add(System.nanoTime() - s);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        if (errors != null) {
                            errors.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
    }
}
