package io.opengateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: {@code c} clients each send a chat request, wait for the whole answer and
 * send the next, for {@code s} seconds. A request counts as done only with status 200 and, for a
 * stream, its {@code [DONE]}. Prints one line: {@code label done failed req_per_s p50_ms p99_ms}.
 * Usage: {@code RequestLoad <label> <chat-completions-url> <key> <model> <c> <s> <stream>}.
 */
public final class RequestLoad {

    private RequestLoad() {
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI url = URI.create(args[1]);
        String key = args[2];
        String model = args[3];
        int clients = Integer.parseInt(args[4]);
        long seconds = Long.parseLong(args[5]);
        boolean stream = Boolean.parseBoolean(args[6]);
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        ExecutorService pool = Threads.perTask();
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && (!stream || r.body().endsWith("data: [DONE]\n\n"))) {
                                done.incrementAndGet();
                                latencies.add(System.nanoTime() - start);
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        pool.shutdownNow();
        System.out.printf("%s %d %d %.1f %.1f %.1f%n", label, done.get(), failed.get(), done.get() / elapsed,
                StreamLoad.pct(latencies, 50), StreamLoad.pct(latencies, 99));
    }
}
