package io.bertstream.trainer.data;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A file written beside its final name and renamed into place by {@link #commit()}, so an
 * interrupted run never leaves a half-written file under the real name. Closing without
 * committing deletes the partial file. Counts bytes and computes the SHA-256 as it writes.
 */
public final class AtomicFile implements AutoCloseable {
    private static final String PARTIAL_SUFFIX = ".part";
    private final Path target;
    private final Path temp;
    private final MessageDigest sha256 = Checksums.newDigest("SHA-256");
    private final CountingStream counter;
    private final OutputStream out;
    private boolean committed;

    private AtomicFile(Path target) throws IOException {
        this.target = target;
        Files.createDirectories(target.toAbsolutePath().getParent());
        this.temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), PARTIAL_SUFFIX);
        this.counter = new CountingStream(new DigestOutputStream(Files.newOutputStream(temp), sha256));
        this.out = new BufferedOutputStream(counter, 1 << 16);
    }

    public static AtomicFile create(Path target) throws IOException {
        return new AtomicFile(target);
    }

    /** Deletes the partial files a killed run left under {@code root}; returns how many there were. */
    public static int deleteLeftovers(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> paths = Files.walk(root)) {
            leftovers = paths.filter(p -> isPartial(p.getFileName().toString()) && Files.isRegularFile(p)).toList();
        }
        for (Path p : leftovers) {
            Files.deleteIfExists(p);
        }
        return leftovers.size();
    }

    private static boolean isPartial(String name) {
        return name.startsWith(".") && name.endsWith(PARTIAL_SUFFIX);
    }

    /** Where to write; do not close it, {@link #commit()} or {@link #close()} does. */
    public OutputStream stream() {
        return out;
    }

    /** Flushes to disk, renames onto the target, and returns the SHA-256 (hex) of what was written. */
    public String commit() throws IOException {
        out.close();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        return HexFormat.of().formatHex(sha256.digest());
    }

    public long bytes() {
        return counter.count;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
