package io.opengateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.FakeUpstream.StreamControl;
import io.opengateway.support.GatewayProcess;
import io.opengateway.support.GatewayProcessTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static io.opengateway.support.FakeUpstream.sseFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing records survive the process: a SIGKILL 200 ms after the last answer loses none (one
 * client, or several at once), and a SIGTERM lets an open stream finish and bills it. The gateway runs as a separate JVM on an H2 file
 * database and its own journal folder, and is started again on them.
 */
class BillingProcessTest extends GatewayProcessTestBase {

    private static final Logger LOG = LoggerFactory.getLogger(BillingProcessTest.class);
    private static final String STREAM = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final String CHAT = "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private String createKey() throws Exception {
        return createKey("durable", "default").path("key").asText();
    }

    /** The account's records as the restarted gateway lists them, once it has all {@code n}. */
    private JsonNode awaitRecords(int n) {
        try {
            return Awaitility.await("the records after the restart").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> JSON.readTree(gateway.get("/admin/usage?account=durable&limit=1000",
                            GatewayProcess.ADMIN_TOKEN).body()), u -> u.path("totals").path("requests").asLong() >= n);
        } catch (ConditionTimeoutException e) {
            // the restarted gateway's log says why (its folder is gone after the run)
            throw new AssertionError(e.getMessage() + "\n--- gateway log ---\n" + gateway.log(), e);
        }
    }

    @Test
    void every_record_of_requests_completed_200_ms_before_a_sigkill_survives_it() throws Exception {
        // 20 answers of 19 + 10 tokens and 20 streams of 9 + 3, at gpt-4o-mini's prices and a 5 % fee
        sendKillAndFindAll(1, 40, "0.000252");
    }

    @Test
    void every_record_of_concurrent_requests_completed_200_ms_before_a_sigkill_survives_it() throws Exception {
        // 8 clients at once: the records of many requests wait on the billing tap and the journal together
        sendKillAndFindAll(8, 30, "0.00151200");
    }

    /** {@code clients} send {@code each} requests at once (chat and stream by turns); SIGKILL 200 ms after the last answer. */
    private void sendKillAndFindAll(int clients, int each, String totalCost) throws Exception {
        openai.always(ex -> (FakeUpstream.request(ex).body().contains("\"stream\":true")
                ? FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO)
                : FakeUpstream.json(200, fixture("openai/chat-completion.json"))).respond(ex));
        gateway = new GatewayProcess(dir, openai).start();
        String key = createKey();

        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        var r = gateway.post("/v1/chat/completions", i % 2 == 0 ? CHAT : STREAM, key);
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        ids.add(r.headers().firstValue("x-request-id").orElseThrow());
                        lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // the contract: a record is durable 200 ms after its answer ended; kill exactly then
        long left = Duration.ofMillis(200).toNanos() - (System.nanoTime() - lastAnswer.get());
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
        gateway.kill();

        int n = clients * each;
        gateway.start();
        JsonNode usage = awaitRecords(n);

        assertThat(usage.path("totals").path("requests").asLong()).as(gateway.log()).isEqualTo(n);
        Set<String> listed = new HashSet<>();
        usage.path("data").forEach(r -> listed.add(r.path("request_id").asText()));
        assertThat(listed).isEqualTo(ids);
        assertThat(new BigDecimal(usage.path("totals").path("total_cost_usd").asText()))
                .isEqualByComparingTo(new BigDecimal(totalCost));
    }

    @Test
    void a_sigterm_lets_an_open_stream_finish_and_bills_it() throws Exception {
        StreamControl control = new StreamControl(2);
        openai.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO, control));
        gateway = new GatewayProcess(dir, openai).start();
        HttpResponse<InputStream> stream = openHeldStream(control);
        String id = stream.headers().firstValue("x-request-id").orElseThrow();

        gateway.terminate();
        // the shutdown has begun once the gateway takes no new connection; then the stream goes on
        Awaitility.await("the graceful shutdown to begin").atMost(Duration.ofSeconds(20)).until(() -> refusesNewRequests());
        control.release();
        assertThat(lines(stream)).contains("data: [DONE]");
        assertThat(gateway.awaitExit(Duration.ofSeconds(60))).isTrue();

        gateway.start();
        JsonNode usage = awaitRecords(1);
        JsonNode rec = usage.path("data").get(0);
        assertThat(rec.path("request_id").asText()).isEqualTo(id);
        assertThat(rec.path("status").asText()).isEqualTo("ok");
        assertThat(rec.path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(rec.path("total_cost_usd").asText()).isEqualTo("0.0000033075");
    }

    @Test
    void a_stream_still_open_when_the_drain_time_is_up_is_cut_and_billed_as_cancelled() throws Exception {
        StreamControl control = new StreamControl(2); // never released: the provider goes quiet
        openai.enqueue(FakeUpstream.sse(sseFixture("openai/chat-stream.sse"), Duration.ZERO, control));
        gateway = new GatewayProcess(dir, openai, "--spring.lifecycle.timeout-per-shutdown-phase=2s").start();
        HttpResponse<InputStream> stream = openHeldStream(control);
        String id = stream.headers().firstValue("x-request-id").orElseThrow();

        long sigterm = System.nanoTime();
        gateway.terminate();
        List<String> lines = lines(stream);
        assertThat(gateway.awaitExit(Duration.ofSeconds(90))).isTrue();
        long exitMs = (System.nanoTime() - sigterm) / 1_000_000;

        assertThat(lines).as("the client is told why its stream ends").anyMatch(l -> l.contains("gateway_shutting_down"));
        String firstRun = gateway.log();
        assertThat(firstRun.lines().filter(l -> l.matches(".*\\bERROR\\b.*"))).as(firstRun).isEmpty();
        // 2 s of drain, then the cut and Camel's own (short) shutdown: well inside a pod's grace period
        assertThat(exitMs).as("SIGTERM to exit").isLessThan(20_000);
        LOG.info("Drain test: SIGTERM to exit {} ms with a 2 s drain time and a stream still open", exitMs);

        gateway.start();
        JsonNode rec = awaitRecords(1).path("data").get(0);
        assertThat(rec.path("request_id").asText()).isEqualTo(id);
        assertThat(rec.path("status").asText()).isEqualTo("cancelled");
        assertThat(rec.path("note").asText()).contains("shut down");
        assertThat(new BigDecimal(rec.path("total_cost_usd").asText())).as("the provider reported no usage before the cut")
                .isEqualByComparingTo(BigDecimal.ZERO);
    }

    /** A stream whose provider has sent its first events and now holds. */
    private HttpResponse<InputStream> openHeldStream(StreamControl control) throws Exception {
        String key = createKey();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(control.awaitHeld()).isTrue();
        return stream;
    }

    /** The stream's lines until it ends (or its connection goes away). */
    private static List<String> lines(HttpResponse<InputStream> stream) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(connection lost: " + e + ")");
        }
        return lines;
    }

    private boolean refusesNewRequests() {
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build().send(
                    HttpRequest.newBuilder(URI.create(gateway.url("/v1/models"))).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
