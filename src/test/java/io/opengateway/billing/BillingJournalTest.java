package io.opengateway.billing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opengateway.billing.JournalReader.Batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The disk journal alone: what is appended is read back in order, survives a reopen, and is never lost. */
class BillingJournalTest {

    @TempDir
    Path dir;

    private BillingJournal open() throws Exception {
        return new BillingJournal(dir, BillingJournal.SEGMENT_BYTES, Duration.ZERO);
    }

    private static List<String> drain(BillingJournal j) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Batch b = j.reader().next(7); !b.isEmpty(); b = j.reader().next(7)) {
            b.records().forEach(r -> ids.add(r.requestId()));
            j.reader().commit(b);
        }
        return ids;
    }

    @Test
    void appended_records_are_read_back_in_order_and_leave_the_backlog_when_committed() throws Exception {
        try (BillingJournal j = open()) {
            for (int i = 0; i < 20; i++) {
                j.append(SampleRecords.record("req_" + i, i));
            }
            assertThat(j.backlog()).isEqualTo(20);

            assertThat(drain(j)).containsExactlyElementsOf(ids(0, 20));
            assertThat(j.backlog()).isZero();
            assertThat(j.maxBacklog()).isEqualTo(20);
        }
    }

    @Test
    void records_beyond_what_memory_keeps_are_read_from_the_file_in_order() throws Exception {
        try (BillingJournal j = new BillingJournal(dir, BillingJournal.SEGMENT_BYTES, Duration.ZERO, 5, Duration.ZERO)) {
            for (int i = 0; i < 12; i++) {
                j.append(SampleRecords.record("req_" + i, i)); // the first 5 wait in memory, the rest only on disk
            }
            assertThat(drain(j)).containsExactlyElementsOf(ids(0, 12));
            for (int i = 12; i < 20; i++) {
                j.append(SampleRecords.record("req_" + i, i));
            }
            assertThat(drain(j)).containsExactlyElementsOf(ids(12, 20));
            assertThat(j.backlog()).isZero();
        }
    }

    @Test
    void a_record_reads_back_exactly_as_written() throws Exception {
        BillingRecord r = SampleRecords.withFailedAttempt("req_exact", 7);
        try (BillingJournal j = open()) {
            j.append(r);
            Batch b = j.reader().next(10);
            assertThat(b.records()).containsExactly(r);
        }
    }

    @Test
    void records_not_yet_in_the_database_are_read_again_after_a_restart() throws Exception {
        try (BillingJournal j = open()) {
            for (int i = 0; i < 5; i++) {
                j.append(SampleRecords.record("req_" + i, i));
            }
            Batch first = j.reader().next(2);
            j.reader().commit(first);
        }
        try (BillingJournal j = open()) {
            // the segment is replayed whole: the database write is idempotent on the request id
            assertThat(j.backlog()).isEqualTo(5);
            assertThat(drain(j)).containsExactlyElementsOf(ids(0, 5));
            j.append(SampleRecords.record("req_after", 9));
            assertThat(drain(j)).containsExactly("req_after");
        }
    }

    @Test
    void a_line_cut_by_a_crash_is_set_aside_and_the_complete_ones_are_kept() throws Exception {
        try (BillingJournal j = open()) {
            j.append(SampleRecords.record("req_a", 1));
            j.append(SampleRecords.record("req_b", 2));
        }
        Path segment = segments().get(0);
        Files.write(segment, "{\"requestId\":\"req_c\",\"acc".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        try (BillingJournal j = open()) {
            assertThat(drain(j)).containsExactly("req_a", "req_b");
            assertThat(j.reader().rejected()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("rejected.jsonl"))).contains("req_c");
        }
    }

    @Test
    void an_unreadable_line_is_set_aside_and_the_lines_after_it_are_still_read() throws Exception {
        try (BillingJournal j = open()) {
            j.append(SampleRecords.record("req_a", 1));
        }
        Files.write(segments().get(0), "not json\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (BillingJournal j = open()) {
            j.append(SampleRecords.record("req_b", 2));
            assertThat(drain(j)).containsExactly("req_a", "req_b");
            assertThat(j.backlog()).isZero();
            assertThat(Files.readString(dir.resolve("rejected.jsonl"))).isEqualTo("not json\n");
        }
    }

    @Test
    void full_segments_roll_over_and_drained_ones_are_deleted() throws Exception {
        try (BillingJournal j = new BillingJournal(dir, 2_000, Duration.ZERO)) {
            for (int i = 0; i < 30; i++) {
                j.append(SampleRecords.record("req_" + i, i));
            }
            assertThat(segments()).hasSizeGreaterThan(3);

            assertThat(drain(j)).containsExactlyElementsOf(ids(0, 30));
            drain(j); // a second pass retires the drained, sealed segments
            assertThat(segments()).hasSize(1); // only the one being written
        }
    }

    @Test
    void concurrent_appends_are_each_journaled_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (BillingJournal j = new BillingJournal(dir, 20_000, Duration.ZERO)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                done.add(pool.submit(() -> j.append(SampleRecords.record("req_" + n, n))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            List<String> read = drain(j);
            assertThat(read).hasSize(400);
            assertThat(new HashSet<>(read)).containsExactlyInAnyOrderElementsOf(ids(0, 400));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_record_handed_over_without_waiting_is_reported_on_the_writer_once_it_is_on_disk() throws Exception {
        try (BillingJournal j = open()) {
            CompletableFuture<String> reported = new CompletableFuture<>();
            j.append(SampleRecords.record("req_async", 1), failure -> reported.complete(
                    failure + " on " + Thread.currentThread().getName() + " with backlog " + j.backlog()));

            assertThat(reported.get(10, TimeUnit.SECONDS)).isEqualTo("null on billing-journal-writer with backlog 1");
            assertThat(drain(j)).containsExactly("req_async");
        }
    }

    @Test
    void a_task_run_by_the_writer_journals_its_record_in_the_writers_next_sync() throws Exception {
        try (BillingJournal j = open()) {
            CompletableFuture<Throwable> synced = new CompletableFuture<>();
            j.execute(() -> j.append(SampleRecords.record("req_tapped", 1), synced::complete));

            assertThat(synced.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(drain(j)).containsExactly("req_tapped");
        }
    }

    @Test
    void a_full_queue_makes_the_caller_wait_and_drops_nothing() throws Exception {
        try (BillingJournal j = open()) {
            CountDownLatch stall = new CountDownLatch(1);
            CompletableFuture<Void> stalled = new CompletableFuture<>();
            j.execute(() -> {
                stalled.complete(null);
                await(stall);
            });
            stalled.get(10, TimeUnit.SECONDS); // the writer is busy: what follows stays queued
            AtomicInteger synced = new AtomicInteger();
            for (int i = 0; i < BillingJournal.QUEUE; i++) {
                j.append(SampleRecords.record("req_" + i, i), failure -> synced.incrementAndGet());
            }
            Thread late = new Thread(() -> j.append(SampleRecords.record("req_late", 1), failure -> synced.incrementAndGet()));
            late.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> late.getState() == Thread.State.WAITING);

            stall.countDown();
            late.join(10_000);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> synced.get() == BillingJournal.QUEUE + 1);
            assertThat(drain(j)).hasSize(BillingJournal.QUEUE + 1).endsWith("req_late");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void two_gateways_cannot_share_one_spool_folder() throws Exception {
        try (BillingJournal j = open()) {
            assertThatThrownBy(this::open).hasMessageContaining("in use by another gateway");
        }
    }

    @Test
    void a_closed_journal_refuses_appends_instead_of_dropping_them() throws Exception {
        BillingJournal j = open();
        j.close();
        assertThatThrownBy(() -> j.append(SampleRecords.record("req_late", 1))).hasMessageContaining("closed");
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> JournalSegment.seqOf(f) >= 0).sorted().toList();
        }
    }

    private static List<String> ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("req_" + i);
        }
        return out;
    }

    @Test
    void a_line_journaled_before_tiers_and_cache_durations_reads_back_with_its_meaning() throws Exception {
        BillingRecord r = SampleRecords.record("req_old", 3);
        ObjectNode line = JournalReader.JSON.valueToTree(r);
        // what an earlier gateway wrote: none of the fields added with the price versions
        line.remove("priceMissing");
        for (String f : List.of("cacheWrite1hPerMtok", "pricingTier", "priceVersion")) {
            ((ObjectNode) line.get("rates")).remove(f);
        }
        for (String f : List.of("cacheWrite1hTokens", "serviceTier", "inferenceGeo")) {
            ((ObjectNode) line.path("event").get("usage")).remove(f);
        }

        BillingRecord back = JournalReader.JSON.treeToValue(line, BillingRecord.class);

        assertThat(back.usage()).isEqualTo(r.usage());
        assertThat(back.priceMissing()).isNull();
        assertThat(back.rates().cacheWrite1hPerMtok()).isNull();
        assertThat(back.rates().prices().cacheWrite1h()).isEqualByComparingTo(back.rates().cacheWritePerMtok());
        assertThat(CostCalculator.cost(back.usage(), back.rates().prices(), back.rates().feePercent()).total())
                .isEqualByComparingTo(r.cost().total());
    }
}
