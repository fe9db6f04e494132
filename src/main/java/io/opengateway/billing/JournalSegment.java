package io.opengateway.billing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the billing journal: JSON lines, appended and synced by the journal's writer, read
 * by the drainer. {@code durable} is how many bytes are complete lines on disk; the drainer never
 * reads past it. A segment is sealed when the writer moved on to the next one (or when it was
 * found at start-up): then its length no longer changes.
 */
final class JournalSegment {

    private static final Pattern NAME = Pattern.compile("segment-(\\d{19})\\.jsonl");

    final long seq;
    final Path path;
    private volatile long durable;
    private volatile boolean sealed;
    /** The drainer's cursor: bytes before it are in the database. Only the drainer thread uses it. */
    long readPos;
    /** When the drainer reached the end of the sealed segment (System.nanoTime), or -1. */
    long drainedAt = -1;

    JournalSegment(long seq, Path path, long durable, boolean sealed) {
        this.seq = seq;
        this.path = path;
        this.durable = durable;
        this.sealed = sealed;
    }

    static Path path(Path dir, long seq) {
        return dir.resolve(String.format("segment-%019d.jsonl", seq));
    }

    /** The sequence number in a segment file's name, or -1 when the file is not a segment. */
    static long seqOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A segment left by an earlier run: sealed, all of it to be read again. */
    static JournalSegment recovered(Path file) throws IOException {
        return new JournalSegment(seqOf(file), file, Files.size(file), true);
    }

    long durable() {
        return durable;
    }

    void advanceDurable(long bytes) {
        durable += bytes; // only the writer thread writes it
    }

    boolean sealed() {
        return sealed;
    }

    void seal() {
        sealed = true;
    }

    /** Complete lines (records) in a file: the count of its newlines. */
    static long countLines(Path file) throws IOException {
        long n = 0;
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int r;
            while ((r = in.read(buf)) > 0) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
