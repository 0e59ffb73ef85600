package io.bertstream.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Streams the regular files of a gzip-compressed tar archive (an npm package), one entry at a
 * time, without unpacking to disk. Understands ustar names with a prefix, pax {@code path}
 * records and GNU long names, which is what npm and common tar tools write.
 */
public final class TarGzReader {

    /** Receives one regular file; {@code content} ends at the entry's end and need not be read fully. */
    @FunctionalInterface
    public interface EntryHandler {
        void entry(String name, long size, InputStream content) throws IOException;
    }

    private static final int BLOCK = 512;

    private TarGzReader() {}

    /** Calls {@code handler} for each regular file in the gzipped tar {@code in}; does not close {@code in}. */
    public static void read(InputStream in, EntryHandler handler) throws IOException {
        DataInputStream tar = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            try {
                tar.readFully(header);
            } catch (EOFException e) {
                return; // some writers omit the two zero blocks at the end
            }
            if (isZero(header)) {
                return;
            }
            long size = parseSize(header);
            char type = (char) header[156];
            Entry entry = new Entry(tar, size);
            switch (type) {
                case 'x' -> longName = paxPath(entry.readAll(), longName);
                case 'L' -> longName = cString(entry.readAll(), 0, (int) size);
                case '0', '\0', '7' -> {
                    String name = longName != null ? longName : ustarName(header);
                    longName = null;
                    handler.entry(name, size, entry);
                }
                default -> longName = null; // directories, links, global pax headers: nothing to read
            }
            entry.skipRest();
        }
    }

    private static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} of a pax extended header ({@code "<len> key=value\n"} records), or {@code current}. */
    private static String paxPath(byte[] records, String current) {
        String text = new String(records, StandardCharsets.UTF_8);
        int pos = 0;
        while (pos < text.length()) {
            int space = text.indexOf(' ', pos);
            if (space < 0) break;
            int len = Integer.parseInt(text.substring(pos, space).trim());
            String record = text.substring(space + 1, pos + len - 1); // drop the trailing newline
            if (record.startsWith("path=")) {
                current = record.substring(5);
            }
            pos += len;
        }
        return current;
    }

    private static long parseSize(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) { // base-256, for entries of 8 GiB or more
            long v = 0;
            for (int i = 125; i < 136; i++) v = (v << 8) | (h[i] & 0xff);
            return v;
        }
        String octal = cString(h, 124, 12).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (bad size field '" + octal + "')");
        }
    }

    private static String cString(byte[] b, int off, int max) {
        int end = off;
        while (end < off + max && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    /** One entry's bytes; {@link #skipRest} moves past what the handler left and the block padding. */
    private static final class Entry extends FilterInputStream {
        private final long size;
        private long remaining;

        Entry(InputStream tar, long size) {
            super(tar);
            this.size = size;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b < 0) throw new EOFException("tar entry cut short");
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = in.read(buf, off, (int) Math.min(len, remaining));
            if (n < 0) throw new EOFException("tar entry cut short");
            remaining -= n;
            return n;
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }

        byte[] readAll() throws IOException {
            return readNBytes((int) remaining);
        }

        void skipRest() throws IOException {
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            ((DataInputStream) in).skipNBytes(remaining + padding);
            remaining = 0;
        }
    }
}
