package io.opengateway.billing;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes the journal into the database, in journal order, one batch per transaction, idempotent
 * on the request id. While the database is down the batch is retried with a growing pause (up to
 * {@link #MAX_BACKOFF}) and the records wait on disk. At shutdown it gets a bounded time to write
 * what is left; anything still left is written at the next start.
 */
@Component
public class JournalDrainer implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(JournalDrainer.class);
    static final int BATCH = 500;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(5);
    private static final long IDLE_WAIT_MS = 1000;
    /** A short batch waits this long for more: fewer, larger transactions under load (the records are safe on disk meanwhile). */
    private static final long LINGER_MS = 20;

    private final JournalReader reader;
    private final BillingJournal journal;
    private final BillingStore store;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long stopDeadline;

    public JournalDrainer(BillingJournal journal, BillingStore store) {
        this.journal = journal;
        this.reader = journal.reader();
        this.store = store;
        this.thread = new Thread(this::run, "billing-db-writer");
        thread.setDaemon(true); // destroy() drains it at shutdown
        thread.start();
    }

    private void run() {
        long backoff = 0;
        boolean failing = false;
        while (true) {
            long seen = reader.version();
            JournalReader.Batch batch;
            try {
                batch = reader.next(BATCH);
                if (batch.isEmpty()) {
                    if (stopping) {
                        return;
                    }
                    reader.await(seen, IDLE_WAIT_MS);
                    continue;
                }
                if (batch.records().size() < BATCH && !stopping && !failing) {
                    Thread.sleep(LINGER_MS);
                    batch = reader.next(BATCH);
                }
                store.insert(batch.records());
                reader.commit(batch);
                if (failing) {
                    LOG.info("Billing database is back: writing the records that waited ({} left)", journal.backlog());
                    failing = false;
                }
                backoff = 0;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!failing) {
                    LOG.warn("Billing database write failed, records wait on disk in {} and are retried: {}",
                            journal.dir(), e.toString());
                    failing = true;
                }
                if (stopping && System.nanoTime() - stopDeadline > 0) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF.toMillis(), Math.max(MIN_BACKOFF.toMillis(), backoff * 2));
                if (!pause(backoff)) {
                    return;
                }
            }
            if (stopping && System.nanoTime() - stopDeadline > 0) {
                return;
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Spring calls it after Camel stopped (no record is added any more), before the journal closes. */
    @Override
    public void destroy() throws InterruptedException {
        stopDeadline = System.nanoTime() + SHUTDOWN_DRAIN.toNanos();
        stopping = true;
        reader.signal();
        thread.join(SHUTDOWN_DRAIN.toMillis() + MAX_BACKOFF.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(1000);
        }
        long left = journal.backlog();
        if (left > 0) {
            LOG.warn("Billing: {} record(s) not yet in the database at shutdown; they stay in {} for the next start",
                    left, journal.dir());
        }
    }
}
