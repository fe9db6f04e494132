package io.opengateway.billing;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.opengateway.support.SwitchableDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal drained into H2: in order, once each, and through an outage of the database. */
class JournalDrainerTest {

    @TempDir
    Path dir;

    private static long count(DataSource ds) {
        return new JdbcTemplate(ds).queryForObject("SELECT COUNT(*) FROM billing_records", Long.class);
    }

    @Test
    void journaled_records_reach_the_database_and_leave_the_backlog() throws Exception {
        DataSource ds = BillingStoreTest.database("h2");
        try (BillingJournal journal = new BillingJournal(dir, BillingJournal.SEGMENT_BYTES, Duration.ZERO)) {
            JournalDrainer drainer = new JournalDrainer(journal, new BillingStore(ds));
            for (int i = 0; i < 50; i++) {
                journal.append(SampleRecords.record("req_" + i, i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(ds) == 50);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> journal.backlog() == 0);
            drainer.destroy();
        }
    }

    @Test
    void records_wait_on_disk_while_the_database_is_down_and_arrive_once_when_it_is_back() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(BillingStoreTest.database("h2"));
        try (BillingJournal journal = new BillingJournal(dir, 4_000, Duration.ZERO)) {
            JournalDrainer drainer = new JournalDrainer(journal, new BillingStore(ds));
            journal.append(SampleRecords.record("req_before", 0));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(ds) == 1);

            ds.down(true);
            for (int i = 0; i < 100; i++) {
                journal.append(SampleRecords.record("req_" + i, i));
            }
            assertThat(journal.backlog()).isEqualTo(100);

            ds.down(false);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> journal.backlog() == 0);
            assertThat(count(ds)).isEqualTo(101);
            assertThat(journal.maxBacklog()).isEqualTo(100);
            drainer.destroy();
        }
    }

    @Test
    void what_the_database_did_not_get_before_a_restart_is_written_after_it() throws Exception {
        SwitchableDataSource ds = new SwitchableDataSource(BillingStoreTest.database("h2"));
        ds.down(true);
        try (BillingJournal journal = new BillingJournal(dir, BillingJournal.SEGMENT_BYTES, Duration.ZERO)) {
            JournalDrainer drainer = new JournalDrainer(journal, new BillingStore(ds));
            for (int i = 0; i < 10; i++) {
                journal.append(SampleRecords.record("req_" + i, i));
            }
            drainer.destroy(); // bounded: gives up while the database is down
        }
        ds.down(false);
        try (BillingJournal journal = new BillingJournal(dir, BillingJournal.SEGMENT_BYTES, Duration.ZERO)) {
            JournalDrainer drainer = new JournalDrainer(journal, new BillingStore(ds));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(ds) == 10);
            drainer.destroy();
        }
    }
}
