package io.opengateway.billing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;

/**
 * The lock file of a spool folder: held by the gateway that writes the folder, or by a sibling
 * that drains it after that gateway is gone ({@link SpoolTakeover}). An OS file lock (fcntl on
 * Linux, also on NFSv4) dies with its process, so a folder whose lock is free has no writer.
 * <p>
 * A sibling that emptied a folder removes it, lock file included, while it holds the lock. Someone
 * who opened that file before and gets its lock afterwards would hold the lock of a file no longer
 * in the folder: so the file under the name is looked at (stat, by its device and inode) before it
 * is opened and once it is locked, and only when it is the same file both times is the lock the
 * folder's (the file opened in between is that file: only a holder of its lock removes it). Never
 * open the lock file a second time in a process that holds its lock: closing any descriptor of a
 * file drops the process's fcntl locks on it.
 */
final class SpoolLock implements AutoCloseable {

    static final String FILE = "lock";
    private static final long RETRY_MS = 100;

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The writer's lock: creates the folder if needed and waits up to {@code wait} while someone
     * else holds it (a sibling finishing a drain of the folder); {@code Duration.ZERO}: one try.
     */
    static SpoolLock own(Path dir, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                Files.createDirectories(dir);
                Optional<SpoolLock> lock = lock(dir, true);
                if (lock.isPresent()) {
                    return lock.get();
                }
            } catch (NoSuchFileException e) {
                // a sibling removed the emptied folder between our steps: make it again
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("The billing spool folder " + dir + " is in use by another gateway"
                        + (wait.isZero() ? "" : " (still after " + wait + ")")
                        + ": each gateway needs its own opengateway.billing.spool-dir");
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the billing spool folder " + dir, e);
            }
        }
    }

    /** A sibling's lock on an existing folder that nobody holds, or empty. */
    static Optional<SpoolLock> take(Path dir) throws IOException {
        try {
            return lock(dir, false);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // no lock file (yet), or the folder is gone
        }
    }

    private static Optional<SpoolLock> lock(Path dir, boolean create) throws IOException {
        Path file = dir.resolve(FILE);
        if (create) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // an earlier run's, or a sibling's that drains the folder
            }
        }
        Object before = identity(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l = null;
        try {
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this process holds it already
            }
            if (l != null && before.equals(identity(file))) {
                return Optional.of(new SpoolLock(dir, ch, l));
            }
        } catch (IOException | RuntimeException e) {
            release(l, ch);
            throw e;
        }
        release(l, ch);
        return Optional.empty();
    }

    /** Which file a name stands for (device and inode on Unix), read without opening it. */
    private static Object identity(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        if (key == null) {
            throw new IOException("this file system cannot tell files apart; spool takeover needs one that can");
        }
        return key;
    }

    /**
     * Removes the folder while holding its lock: the lock file, then the folder when nothing else
     * is left (a {@code rejected.jsonl} stays for the operator, and so does the folder).
     */
    void removeFolder() throws IOException {
        Files.deleteIfExists(dir.resolve(FILE));
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // something to keep, or a gateway just made its lock file there: the folder stays
        }
    }

    @Override
    public void close() {
        release(lock, channel);
    }

    private static void release(FileLock l, FileChannel ch) {
        try {
            if (l != null && l.isValid()) {
                l.release();
            }
        } catch (IOException e) {
            // the lock goes with the channel anyway
        }
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
