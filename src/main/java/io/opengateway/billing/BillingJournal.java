package io.opengateway.billing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;

/**
 * The billing journal: every record is appended to a local file and synced to disk before
 * {@link #append} returns, so a record survives a crash and waits out a database outage. One
 * writer thread does group commit: it takes every record queued meanwhile, writes them and syncs
 * once, so a record is on disk within about two syncs of its request's end, far inside the 200 ms
 * the contract allows, whatever the load. The {@link JournalDrainer} reads the journal in order
 * through {@link JournalReader}; segment files the database has are deleted by it.
 * The folder is locked ({@link SpoolLock}): two gateways must never share one; with takeover on,
 * a gateway whose folder a sibling is draining waits for it ({@link #TAKEOVER_LOCK_WAIT}).
 */
@Component("billingJournal")
public class BillingJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BillingJournal.class);
    static final long SEGMENT_BYTES = 1 << 20;
    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_GROUP = 2000;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long a gateway waits for a sibling to finish draining its folder (one drain takes seconds). */
    static final Duration TAKEOVER_LOCK_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final long segmentBytes;
    private final JournalReader reader;
    private final SpoolLock lock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong maxBacklog = new AtomicLong();
    private final Thread writer;
    private JournalSegment active;
    private FileChannel out;
    private volatile boolean closing;

    private record Pending(BillingRecord record, byte[] line, CompletableFuture<Void> done) {
    }

    @Autowired
    public BillingJournal(GatewayProperties properties) throws IOException {
        this(properties.billing().spoolDir(), SEGMENT_BYTES, JournalReader.RETENTION, JournalReader.MAX_FRESH,
                properties.billing().takeover() ? TAKEOVER_LOCK_WAIT : Duration.ZERO);
    }

    public BillingJournal(Path dir, long segmentBytes, Duration retention) throws IOException {
        this(dir, segmentBytes, retention, JournalReader.MAX_FRESH, Duration.ZERO);
    }

    /**
     * {@code memoryRecords}: how many synced records wait in memory for the drainer (beyond: read
     * from the file); {@code lockWait}: how long to wait for the folder's lock.
     */
    BillingJournal(Path dir, long segmentBytes, Duration retention, int memoryRecords, Duration lockWait)
            throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.segmentBytes = segmentBytes;
        this.lock = SpoolLock.own(this.dir, lockWait);
        this.reader = new JournalReader(this.dir, retention, backlog, memoryRecords);
        long last = reader.recover();
        if (backlog.get() > 0) {
            LOG.info("Billing journal {}: {} record(s) from an earlier run to write to the database again",
                    this.dir, backlog.get());
        }
        maxBacklog.set(backlog.get());
        openSegment(last + 1);
        writer = new Thread(this::writeLoop, "billing-journal-writer");
        writer.setDaemon(true); // close() flushes it; a daemon never holds a JVM that is exiting
        writer.start();
    }

    /** Appends a record and returns once it is on disk; throws when it could not be written. */
    public void append(BillingRecord record) {
        byte[] line;
        try {
            line = JournalReader.JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise billing record " + record.requestId(), e);
        }
        byte[] withNewline = new byte[line.length + 1];
        System.arraycopy(line, 0, withNewline, 0, line.length);
        withNewline[line.length] = '\n';
        Pending p = new Pending(record, withNewline, new CompletableFuture<>());
        if (closing) {
            throw new IllegalStateException("the billing journal is closed");
        }
        queue.add(p);
        try {
            p.done().get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("billing journal write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("billing journal write not confirmed within " + APPEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while journaling a billing record", e);
        }
    }

    /** The billing route's last resort: a record that could not be journaled goes to the log whole. */
    public void reportUnwritten(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String data;
        try {
            data = JournalReader.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            data = String.valueOf(body);
        }
        LOG.error("BILLING RECORD NOT JOURNALED ({}): {}", cause == null ? "unknown" : cause.getMessage(), data);
    }

    /** Records journaled but not yet confirmed in the database. */
    public long backlog() {
        return backlog.get();
    }

    /** The largest backlog since start-up. */
    public long maxBacklog() {
        return maxBacklog.get();
    }

    /** Where the drainer reads from. */
    JournalReader reader() {
        return reader;
    }

    public Path dir() {
        return dir;
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            group.add(first);
            gather(group);
            try {
                writeAndSync(group);
                group.forEach(p -> p.done().complete(null));
            } catch (IOException | RuntimeException e) {
                LOG.error("Billing journal write failed in {}: {}", dir, e.toString());
                group.forEach(p -> p.done().completeExceptionally(e));
                repair();
            }
            group.clear();
        }
    }

    /**
     * Group commit: after the first record, waits up to {@link #LINGER_NANOS} for more, so one
     * fsync covers many records under load (an fsync costs far more than the wait, which no
     * answer waits for: only the billing tap's thread does, well within the 200 ms durability).
     */
    private void gather(List<Pending> group) {
        long deadline = System.nanoTime() + LINGER_NANOS;
        queue.drainTo(group, MAX_GROUP - group.size());
        while (group.size() < MAX_GROUP && !closing) {
            long left = deadline - System.nanoTime();
            Pending next;
            try {
                next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                return; // as in writeLoop: only close() ends the writer
            }
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, MAX_GROUP - group.size());
        }
    }

    private void writeAndSync(List<Pending> group) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[group.size()];
        List<JournalReader.Fresh> fresh = new ArrayList<>(group.size());
        long bytes = 0;
        long offset = active.durable();
        for (int i = 0; i < buffers.length; i++) {
            Pending p = group.get(i);
            buffers[i] = ByteBuffer.wrap(p.line());
            fresh.add(new JournalReader.Fresh(active.seq, offset + bytes, offset + bytes + p.line().length, p.record()));
            bytes += p.line().length;
        }
        long written = 0;
        while (written < bytes) {
            written += out.write(buffers);
        }
        out.force(false);
        active.advanceDurable(bytes);
        long now = backlog.addAndGet(group.size());
        maxBacklog.accumulateAndGet(now, Math::max);
        reader.offer(fresh);
        reader.signal();
        if (active.durable() >= segmentBytes) {
            roll();
        }
    }

    /** After a failed write: cut what was half written, or start a new segment when even that fails. */
    private void repair() {
        try {
            out.truncate(active.durable());
            out.position(active.durable());
        } catch (IOException | RuntimeException e) {
            try {
                roll();
            } catch (IOException | RuntimeException again) {
                LOG.error("Billing journal in {} cannot start a new segment: {}", dir, again.toString());
            }
        }
    }

    private void roll() throws IOException {
        long next = active.seq + 1;
        closeQuietly(out);
        active.seal();
        openSegment(next);
    }

    private void openSegment(long seq) throws IOException {
        Path path = JournalSegment.path(dir, seq);
        out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        syncDirectory(); // the new file's name must survive a crash too
        active = new JournalSegment(seq, path, 0, false);
        reader.add(active);
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Writes what is queued, then stops; called after Camel stopped, so nothing is appended later. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(APPEND_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(out);
        lock.close();
        LOG.info("Billing journal {} closed; {} record(s) wait for the database", dir, backlog.get());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // nothing left to save
        }
    }
}
