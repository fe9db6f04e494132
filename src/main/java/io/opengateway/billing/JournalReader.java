package io.opengateway.billing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drainer's side of the journal: the segments in order, read from a cursor up to what the
 * writer has synced. A segment the database has wholly is deleted only after {@link #RETENTION}:
 * an embedded H2 writes its commits to disk up to a second late, so a crash right after a write
 * could lose a commit that the journal must then still hold (replays are harmless: the database
 * write is idempotent on the request id). A line that cannot be read is kept in
 * {@code rejected.jsonl}, never dropped. Records this process has just written are handed over
 * in memory ({@link #offer}), so the file is only read after a restart, or when a long outage
 * let more records wait than memory keeps.
 */
final class JournalReader {

    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
    static final Duration RETENTION = Duration.ofSeconds(10);
    private static final int MAX_READ = 4 << 20;
    static final int MAX_FRESH = 10_000;

    /** The journal's own format: exact decimals as plain numbers, read back as BigDecimal; instants in ISO-8601. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path dir;
    private final long retentionNanos;
    private final AtomicLong backlog;
    private final TreeMap<Long, JournalSegment> segments = new TreeMap<>();
    private final Object signal = new Object();
    private final ConcurrentLinkedDeque<Fresh> fresh = new ConcurrentLinkedDeque<>();
    private final AtomicInteger freshCount = new AtomicInteger();
    private final int maxFresh;
    private long version;
    private long rejected;

    /** A record as the writer synced it: where its line is in which segment. */
    record Fresh(long seq, long start, long end, BillingRecord record) {
    }

    /** What one read found: records in order, and where the cursor goes once they are stored. */
    record Batch(JournalSegment segment, List<BillingRecord> records, long end, int skipped) {
        boolean isEmpty() {
            return segment == null;
        }
    }

    private static final Batch NOTHING = new Batch(null, List.of(), 0, 0);

    JournalReader(Path dir, Duration retention, AtomicLong backlog, int maxFresh) {
        this.dir = dir;
        this.maxFresh = maxFresh;
        this.retentionNanos = retention.toNanos();
        this.backlog = backlog;
    }

    /** Takes in the segments an earlier run left; returns the highest sequence number, or 0. */
    long recover() throws IOException {
        long last = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (JournalSegment.seqOf(f) < 0) {
                    continue;
                }
                JournalSegment s = JournalSegment.recovered(f);
                backlog.addAndGet(JournalSegment.countLines(f));
                add(s);
                last = Math.max(last, s.seq);
            }
        }
        return last;
    }

    synchronized void add(JournalSegment s) {
        segments.put(s.seq, s);
    }

    private synchronized List<JournalSegment> snapshot() {
        return new ArrayList<>(segments.values());
    }

    /** The next records in journal order, at most {@code max}, or an empty batch when all are read. */
    Batch next(int max) throws IOException {
        for (JournalSegment s : snapshot()) {
            boolean sealed = s.sealed(); // read first: a sealed segment's length is final
            long limit = s.durable();
            if (s.readPos < limit) {
                Batch inMemory = fromMemory(s, limit, max);
                return inMemory != null ? inMemory : read(s, limit, sealed, max);
            }
            if (!sealed) {
                return NOTHING;
            }
            retire(s);
        }
        return NOTHING;
    }

    /** The batch is in the database: move the cursor past it. */
    void commit(Batch b) {
        b.segment().readPos = b.end();
        backlog.addAndGet(-(b.records().size() + b.skipped()));
    }

    /** Keeps freshly synced records for the drainer, up to a bound; beyond it they are read from the file. */
    void offer(List<Fresh> written) {
        if (freshCount.get() + written.size() <= maxFresh) {
            fresh.addAll(written);
            freshCount.addAndGet(written.size());
        }
    }

    /** The records at the cursor from memory, or null when memory does not start exactly there. */
    private Batch fromMemory(JournalSegment s, long limit, int max) {
        Fresh head;
        while ((head = fresh.peekFirst()) != null && (head.seq() < s.seq || head.seq() == s.seq && head.start() < s.readPos)) {
            fresh.pollFirst(); // behind the cursor: in the database already
            freshCount.decrementAndGet();
        }
        if (head == null || head.seq() != s.seq || head.start() != s.readPos) {
            return null;
        }
        List<BillingRecord> records = new ArrayList<>();
        long end = s.readPos;
        for (Fresh f : fresh) {
            if (records.size() == max || f.seq() != s.seq || f.start() != end || f.end() > limit) {
                break;
            }
            records.add(f.record());
            end = f.end();
        }
        return records.isEmpty() ? null : new Batch(s, records, end, 0);
    }

    private Batch read(JournalSegment s, long limit, boolean sealed, int max) throws IOException {
        int length = (int) Math.min(MAX_READ, limit - s.readPos);
        ByteBuffer buf = ByteBuffer.allocate(length);
        try (FileChannel in = FileChannel.open(s.path, StandardOpenOption.READ)) {
            while (buf.hasRemaining() && in.read(buf, s.readPos + buf.position()) > 0) {
                // read on
            }
        }
        byte[] bytes = buf.array();
        int filled = buf.position();
        List<BillingRecord> records = new ArrayList<>();
        int skipped = 0;
        int start = 0;
        for (int i = 0; i < filled && records.size() < max; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            try {
                records.add(JSON.readValue(bytes, start, i - start, BillingRecord.class));
            } catch (IOException e) {
                reject(s, s.readPos + start, bytes, start, i - start, e.getMessage());
                skipped++;
            }
            start = i + 1;
        }
        if (start == 0 && records.isEmpty() && skipped == 0) {
            if (sealed && filled == limit - s.readPos) {
                // bytes after the last newline of a sealed segment: a write cut by a crash, never confirmed
                reject(s, s.readPos, bytes, 0, filled, "an unfinished last line");
                return new Batch(s, List.of(), limit, 0);
            }
            throw new IOException("journal line longer than " + MAX_READ + " bytes in " + s.path);
        }
        return new Batch(s, records, s.readPos + start, skipped);
    }

    private void retire(JournalSegment s) throws IOException {
        long now = System.nanoTime();
        if (s.drainedAt < 0) {
            s.drainedAt = now;
        } else if (now - s.drainedAt >= retentionNanos) {
            Files.deleteIfExists(s.path);
            synchronized (this) {
                segments.remove(s.seq);
            }
        }
    }

    private void reject(JournalSegment s, long offset, byte[] bytes, int from, int length, String why) throws IOException {
        rejected++;
        LOG.error("Billing journal {} at byte {}: a line that cannot be read ({}); kept in rejected.jsonl",
                s.path.getFileName(), offset, why);
        byte[] line = new byte[length + 1];
        System.arraycopy(bytes, from, line, 0, length);
        line[length] = '\n';
        Files.write(dir.resolve("rejected.jsonl"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }

    long rejected() {
        return rejected;
    }

    /** How many segment files exist (written, or kept for the retention time). */
    synchronized int segmentCount() {
        return segments.size();
    }

    /** The writer synced new records. */
    void signal() {
        synchronized (signal) {
            version++;
            signal.notifyAll();
        }
    }

    long version() {
        synchronized (signal) {
            return version;
        }
    }

    /** Waits until the writer synced something after {@code seen}, or the timeout passed. */
    void await(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (signal) {
            long left;
            while (version == seen && (left = deadline - System.currentTimeMillis()) > 0) {
                signal.wait(left);
            }
        }
    }
}
