package io.opengateway.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

import io.opengateway.billing.BillingRecord;
import io.opengateway.billing.UsageQueries;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for a request's billing record (written asynchronously), and checking its money. */
public final class BillingAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BillingAssertions() {
    }

    public static String requestId(HttpResponse<?> r) {
        return r.headers().firstValue("x-request-id").orElseThrow();
    }

    /** The request's record, polled until the journal writer has put it in the database. */
    public static BillingRecord awaitRecord(UsageQueries queries, String requestId) {
        return Awaitility.await("billing record of " + requestId).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> queries.find(requestId), r -> r != null);
    }

    /** Provider cost, fee and total exactly as computed by hand. */
    public static void assertMoney(BillingRecord r, String providerCost, String fee, String total) {
        assertThat(r.cost().providerCost()).as("provider cost").isEqualByComparingTo(new BigDecimal(providerCost));
        assertThat(r.cost().platformFee()).as("platform fee").isEqualByComparingTo(new BigDecimal(fee));
        assertThat(r.cost().total()).as("total").isEqualByComparingTo(new BigDecimal(total));
    }

    /** The request ids in a billing spool folder, in journal order: its segment files, line by line. */
    public static List<String> journaledIds(Path spool) throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(spool)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().matches("segment-\\d+\\.jsonl")).sorted()
                    .toList()) {
                for (String line : Files.readAllLines(segment)) {
                    ids.add(JSON.readTree(line).path("event").path("requestId").asText());
                }
            }
        }
        return ids;
    }
}
