package io.opengateway.billing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.config.DurableWrites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spool folders of replicas side by side (one volume): the folder of a gateway that is gone is
 * written to the database once and removed; a gateway restarted on its folder meanwhile waits for
 * the drain. Across processes (a live owner left alone): ReplicaSpoolTakeoverTest.
 */
class SpoolTakeoverTest {

    @TempDir
    Path volume;

    private final DataSource db = BillingStoreTest.database("h2");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SpoolTakeover takeoverFrom(String pod) {
        return new SpoolTakeover(volume.resolve(pod), new BillingStore(db), new DurableWrites(db), registry);
    }

    /** A gateway's folder as it left it: records journaled, none in the database. */
    private void gone(String pod, int records) throws Exception {
        try (BillingJournal j = new BillingJournal(volume.resolve(pod), BillingJournal.SEGMENT_BYTES, Duration.ZERO)) {
            for (int i = 0; i < records; i++) {
                j.append(SampleRecords.record(pod + "_" + i, i));
            }
        }
    }

    @Test
    void the_folder_of_a_gateway_that_is_gone_is_written_once_and_removed() throws Exception {
        gone("pod-a", 25);
        new BillingStore(db).insert(List.of(SampleRecords.record("pod-a_3", 3))); // written before it went

        assertThat(takeoverFrom("pod-b").pass()).isEqualTo(24);

        assertThat(Files.exists(volume.resolve("pod-a"))).isFalse();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM billing_records", Long.class)).isEqualTo(25);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT request_id) FROM billing_records", Long.class)).isEqualTo(25);
        assertThat(registry.get("opengateway.billing.takeover.records").counter().count()).isEqualTo(24);
        assertThat(takeoverFrom("pod-b").pass()).as("nothing left to take").isZero();
    }

    @Test
    void a_folder_without_a_segment_is_left_to_the_gateway_starting_there() throws Exception {
        Files.createDirectories(volume.resolve("pod-c"));

        assertThat(takeoverFrom("pod-b").pass()).isZero();
        assertThat(volume.resolve("pod-c")).isDirectory();
    }

    @Test
    void a_gateway_whose_folder_a_sibling_drains_waits_and_then_starts_on_a_fresh_folder() throws Exception {
        gone("pod-a", 3);
        Path folder = volume.resolve("pod-a");
        try (SpoolLock sibling = SpoolLock.take(folder).orElseThrow()) {
            assertThatThrownBy(() -> SpoolLock.own(folder, Duration.ofMillis(300)))
                    .hasMessageContaining("in use by another gateway (still after PT0.3S)");
            try (var files = Files.list(folder)) { // the sibling's drain, done
                for (Path f : files.filter(f -> JournalSegment.seqOf(f) >= 0).toList()) {
                    Files.delete(f);
                }
            }
            sibling.removeFolder();
        }
        assertThat(folder).doesNotExist();

        try (BillingJournal j = new BillingJournal(folder, BillingJournal.SEGMENT_BYTES, Duration.ZERO)) {
            assertThat(j.backlog()).isZero();
            assertThat(folder.resolve(SpoolLock.FILE)).exists();
            assertThat(SpoolLock.take(folder)).as("its own lock, held").isEmpty();
        }
    }
}
