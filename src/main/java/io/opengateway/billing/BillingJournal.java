package io.opengateway.billing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;

/**
 * The billing journal: every record is appended to a local file and synced to disk, so a record
 * survives a crash and waits out a database outage. One writer thread does group commit without
 * a linger: it takes whatever is queued, writes it and syncs once, and goes again; no other thread
 * waits for a sync. The billing tap hands its tasks to this thread ({@link #execute}: the one
 * hand-off of a request), which runs the billing route up to the journal step; the step
 * ({@link #append(BillingRecord, Consumer)}) adds the record to the group, and the route goes on
 * when the group's sync covered it. A record is thus on disk within {@link #DURABLE_WITHIN} of its
 * request's end: the queue holds at most {@link #QUEUE} items, a few milliseconds of work, and a
 * full queue makes the caller wait instead of losing a record (BillingProcessTest kills the
 * process that long after the last answer). The {@link JournalDrainer} reads the journal in order
 * through {@link JournalReader}; segment files the database has are deleted by it.
 * The folder is locked ({@link SpoolLock}): two gateways must never share one; with takeover on,
 * a gateway whose folder a sibling is draining waits for it ({@link #TAKEOVER_LOCK_WAIT}).
 */
@Component("billingJournal")
public class BillingJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BillingJournal.class);
    static final long SEGMENT_BYTES = 1 << 20;
    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(10);
    /** The promise: a record is durable this long after its request ended (README, "Billing": kill -9). */
    static final Duration DURABLE_WITHIN = Duration.ofMillis(200);
    /** Tasks and records waiting for the writer; beyond, the caller waits (tens of microseconds of work each). */
    static final int QUEUE = 256;
    private static final int MAX_GROUP = 2000;
    private static final long LATE_WARNING_EVERY = TimeUnit.MINUTES.toNanos(1);
    /** How long a gateway waits for a sibling to finish draining its folder (one drain takes seconds). */
    static final Duration TAKEOVER_LOCK_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final long segmentBytes;
    private final JournalReader reader;
    private final SpoolLock lock;
    /** {@link Pending} records and billing tap {@link Task}s, in arrival order. */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong maxBacklog = new AtomicLong();
    private final Thread writer;
    /** The records of the next sync; only the writer thread uses it. */
    private List<Pending> group = new ArrayList<>();
    private JournalSegment active;
    private FileChannel out;
    private volatile boolean closing;
    /** When the task the writer runs now was handed over (System.nanoTime); only the writer uses it. */
    private long taskQueuedAt;
    private long lastLateWarning;

    /**
     * A record to write; {@code done} is told once, on the writer thread: null when synced, else
     * why not. {@code queuedAt}: when it (or the tap task that made it) was handed over.
     */
    private record Pending(BillingRecord record, byte[] line, Consumer<Throwable> done, long queuedAt) {
    }

    private record Task(Runnable run, long queuedAt) {
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
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("the journal writer cannot wait for its own sync");
        }
        CompletableFuture<Void> synced = new CompletableFuture<>();
        append(record, e -> {
            if (e == null) {
                synced.complete(null);
            } else {
                synced.completeExceptionally(e);
            }
        });
        try {
            synced.get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("billing journal write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("billing journal write not confirmed within " + APPEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while journaling a billing record", e);
        }
    }

    /**
     * Adds a record to the next sync without waiting for it; {@code done} is told on the writer
     * thread, null once the record is on disk, else the failure. Waits only while the queue is full.
     */
    public void append(BillingRecord record, Consumer<Throwable> done) {
        if (Thread.currentThread() == writer) {
            // the billing route, run by the writer itself: the record is as old as its task
            group.add(new Pending(record, encode(record), done, taskQueuedAt));
        } else {
            enqueue(new Pending(record, encode(record), done, System.nanoTime()));
        }
    }

    /** The billing tap's executor: runs the task on the writer thread; waits while the queue is full. */
    void execute(Runnable task) {
        enqueue(new Task(task, System.nanoTime()));
    }

    private void enqueue(Object item) {
        if (closing) {
            throw new RejectedExecutionException("the billing journal is closed");
        }
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while handing a billing record to the journal", e);
        }
    }

    private static byte[] encode(BillingRecord record) {
        byte[] line;
        try {
            line = JournalReader.JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise billing record " + record.requestId(), e);
        }
        byte[] withNewline = Arrays.copyOf(line, line.length + 1);
        withNewline[line.length] = '\n';
        return withNewline;
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
        List<Object> taken = new ArrayList<>();
        while (true) {
            Object first;
            try {
                // records the last completions added are written at once; otherwise wait for work
                first = group.isEmpty() ? queue.poll(50, TimeUnit.MILLISECONDS) : queue.poll();
            } catch (InterruptedException e) {
                first = null; // only close() ends the writer
            }
            if (first != null) {
                taken.add(first);
                queue.drainTo(taken, MAX_GROUP - 1);
            }
            for (Object item : taken) {
                if (item instanceof Pending p) {
                    group.add(p);
                } else {
                    runTask((Task) item);
                }
            }
            taken.clear();
            if (!group.isEmpty()) {
                commit();
            } else if (first == null && closing && queue.isEmpty()) {
                return;
            }
        }
    }

    /** A billing tap task: the billing route up to its journal step, which adds to the group. */
    private void runTask(Task task) {
        taskQueuedAt = task.queuedAt();
        try {
            task.run().run();
        } catch (RuntimeException | Error e) { // whatever the route throws must not end the only writer
            LOG.error("Billing tap task failed on the journal writer: {}", e.toString(), e);
        }
    }

    /** Writes and syncs the group, then tells each record's caller (the billing routes go on here). */
    private void commit() {
        List<Pending> synced = group;
        group = new ArrayList<>(); // a completion may add a record (a retry without delay): the next group
        Throwable failure = null;
        try {
            writeAndSync(synced);
        } catch (IOException | RuntimeException e) {
            LOG.error("Billing journal write failed in {}: {}", dir, e.toString());
            failure = e;
            repair();
        }
        if (failure == null) {
            checkDurableWithin(synced.get(0).queuedAt());
        }
        for (Pending p : synced) {
            try {
                p.done().accept(failure);
            } catch (RuntimeException | Error e) { // as in runTask
                LOG.error("Billing journal: a caller failed on its record {}: {}", p.record().requestId(), e.toString(), e);
            }
        }
    }

    /** The contract's bound, watched: a record synced later than {@link #DURABLE_WITHIN} is said (at most once a minute). */
    private void checkDurableWithin(long oldestQueuedAt) {
        long now = System.nanoTime();
        long age = now - oldestQueuedAt;
        if (age > DURABLE_WITHIN.toNanos() && (lastLateWarning == 0 || now - lastLateWarning > LATE_WARNING_EVERY)) {
            lastLateWarning = now;
            LOG.warn("Billing journal {}: a record reached the disk {} ms after its request ended, past the {} ms "
                    + "a record may wait (a slow disk, or more requests than the writer keeps up with)",
                    dir, TimeUnit.NANOSECONDS.toMillis(age), DURABLE_WITHIN.toMillis());
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
