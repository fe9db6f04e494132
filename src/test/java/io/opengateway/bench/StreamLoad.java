package io.opengateway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N streaming chat requests at once and reads each to its end. A stream counts as complete
 * only when it delivered {@code [DONE]}; anything else (error status, early end, exception) is cut.
 * Time to first byte is taken at the first event with answer text in it, the same for the direct
 * and the gateway path (the gateway holds the opening role chunk until the first content, so that
 * a stream failing before it can still fall back).
 * With {@code rounds} above 1 it does that again, one round after the other, so that even {@code n = 1}
 * gives a distribution (the time one stream adds on an otherwise idle gateway).
 * Prints one line: {@code label n complete cut ttfb_p50_ms ttfb_p99_ms total_p50_ms total_p99_ms}
 * (n and complete over all rounds).
 * Usage: {@code StreamLoad <label> <chat-completions-url> <key> <model> <n> [rounds]}.
 */
public final class StreamLoad {

    private static final java.util.regex.Pattern FIRST_CONTENT =
            java.util.regex.Pattern.compile("\"(content|text)\":\"[^\"]");

    private StreamLoad() {
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI url = URI.create(args[1]);
        String key = args[2];
        String model = args[3];
        int n = Integer.parseInt(args[4]);
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Results results = new Results();
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        ExecutorService pool = Threads.perTask();
        for (int round = 0; round < rounds; round++) {
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                pool.execute(() -> {
                    try {
                        start.await();
                        readOne(http, req, results);
                    } catch (Exception e) {
                        // counted as cut
                    } finally {
                        done.countDown();
                    }
                });
            }
            start.countDown();
            done.await(30, TimeUnit.MINUTES);
        }
        pool.shutdownNow();
        System.out.printf("%s %d %d %d %.1f %.1f %.1f %.1f%n", label, n * rounds, results.complete.get(),
                n * rounds - results.complete.get(), pct(results.ttfb, 50), pct(results.ttfb, 99),
                pct(results.total, 50), pct(results.total, 99));
    }

    /** What the streams measured, shared by their threads. */
    private static final class Results {
        final List<Long> ttfb = Collections.synchronizedList(new ArrayList<>());
        final List<Long> total = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger complete = new AtomicInteger();
    }

    /** One stream, read to its end; a stream that is not complete adds no total. */
    private static void readOne(HttpClient http, HttpRequest req, Results results) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<java.io.InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            return;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                if (first && FIRST_CONTENT.matcher(line).find()) {
                    results.ttfb.add(System.nanoTime() - t0);
                    first = false;
                }
                if (line.equals("data: [DONE]")) {
                    results.complete.incrementAndGet();
                    results.total.add(System.nanoTime() - t0);
                }
            }
        }
    }

    static double pct(List<Long> nanos, int p) {
        List<Long> s;
        synchronized (nanos) {
            s = new ArrayList<>(nanos);
        }
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, i)) / 1e6;
    }
}
