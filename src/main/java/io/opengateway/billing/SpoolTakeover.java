package io.opengateway.billing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.opengateway.config.DurableWrites;
import io.opengateway.config.GatewayDatabase;
import io.opengateway.config.GatewayProperties;

/**
 * Replicas with a spool folder each on one shared volume ({@code opengateway.billing.takeover}):
 * a pod that is deleted or rescheduled never comes back under its name, so what its folder still
 * held would wait for ever. At start-up and every {@code takeover-interval}, each gateway looks at
 * its siblings' folders (the other folders beside its own) and drains the ones whose lock is free:
 * their gateway is gone ({@link SpoolLock}). It writes them to the database like the drainer
 * (idempotent on the request id: a drain cut by a crash and done again bills nothing twice),
 * makes the commits durable, then removes the folder. A folder whose gateway is alive is left
 * alone, and so is one without a segment (a gateway starting there has not locked it yet).
 */
@Component
public class SpoolTakeover implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolTakeover.class);

    private final Path own;
    private final BillingStore store;
    private final DurableWrites writes;
    private final Counter taken;
    private final ScheduledExecutorService timer;

    @Autowired
    public SpoolTakeover(GatewayProperties properties, BillingJournal journal, BillingStore store, GatewayDatabase db,
            MeterRegistry registry) {
        this(journal.dir(), store, db.writes(), registry);
        if (properties.billing().takeover()) {
            Duration every = properties.billing().takeoverInterval();
            timer.scheduleWithFixedDelay(this::pass, 0, every.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Billing spool takeover on: folders beside {} whose gateway is gone are drained every {}", own, every);
        }
    }

    /** {@code own}: this gateway's folder; its siblings are the other folders in its parent. */
    SpoolTakeover(Path own, BillingStore store, DurableWrites writes, MeterRegistry registry) {
        this.own = own;
        this.store = store;
        this.writes = writes;
        this.taken = Counter.builder("opengateway.billing.takeover.records").baseUnit("records")
                .description("Billing records this gateway wrote to the database from the spool of a sibling that is gone")
                .register(registry);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "billing-spool-takeover");
            t.setDaemon(true); // destroy() stops it; a pass cut short is done again by someone
            return t;
        });
    }

    /** One look at the siblings' folders; how many records were new to the database. */
    int pass() {
        int written = 0;
        for (Path sibling : siblings()) {
            try {
                written += takeOver(sibling);
            } catch (Exception e) {
                LOG.warn("Billing spool {} of a gateway that is gone could not be drained now; next pass: {}",
                        sibling, e.toString());
            }
        }
        return written;
    }

    private List<Path> siblings() {
        Path root = own.getParent();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.equals(own)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Billing spool takeover cannot list {}: {}", root, e.toString());
            return List.of();
        }
    }

    /** Drains one folder if its gateway is gone; how many records were new to the database. */
    int takeOver(Path dir) throws IOException {
        if (segments(dir).isEmpty()) {
            return 0;
        }
        var held = SpoolLock.take(dir);
        if (held.isEmpty()) {
            return 0; // its gateway is alive, or another sibling is draining it
        }
        try (SpoolLock lock = held.get()) {
            AtomicLong backlog = new AtomicLong();
            JournalReader reader = new JournalReader(dir, Duration.ZERO, backlog, 0);
            reader.recover();
            long found = backlog.get();
            int written = 0;
            for (JournalReader.Batch b = reader.next(JournalDrainer.BATCH); !b.isEmpty(); b = reader.next(JournalDrainer.BATCH)) {
                written += store.insert(b.records());
                reader.commit(b);
            }
            writes.run(jdbc -> null); // on H2: the commits into the file before their journal goes
            for (Path segment : segments(dir)) {
                Files.deleteIfExists(segment);
            }
            lock.removeFolder();
            taken.increment(written);
            LOG.info("Billing spool {} of a gateway that is gone taken over: {} record(s), {} new to the database{}",
                    dir.getFileName(), found, written, reader.rejected() > 0 ? ", unreadable lines kept in rejected.jsonl" : "");
            return written;
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> JournalSegment.seqOf(f) >= 0).toList();
        } catch (NoSuchFileException e) {
            return List.of(); // another sibling drained and removed it meanwhile
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
