package io.bertstream.trainer.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small archives like the real ones: ustar .tgz files (npm) and a jar holding a .gz. */
final class TestArchives {
    private TestArchives() {}

    /** Writes a gzipped ustar archive with these files (name -> bytes), in order; long names get a pax header. */
    static Path tgz(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (var e : entries.entrySet()) {
                String name = e.getKey();
                if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
                    String record = " path=" + name + "\n";
                    int len = record.length() + 3; // room for a 3-digit length
                    byte[] pax = (len + record).getBytes(StandardCharsets.UTF_8);
                    writeEntry(out, "PaxHeader", 'x', pax);
                    name = "long-name-placeholder";
                }
                writeEntry(out, name, '0', e.getValue());
            }
            out.write(new byte[1024]);
        }
        return file;
    }

    static Map<String, byte[]> files(String... nameThenText) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenText.length; i += 2) {
            m.put(nameThenText[i], nameThenText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    static void writeEntry(OutputStream out, String name, char type, byte[] content) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        h[262] = 0;
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.write(h);
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** A jar (zip) holding {@code entryName} = gzip of {@code text}. */
    static Path jarWithGzip(Path file, String entryName, String text) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(gz.toByteArray());
            zip.closeEntry();
        }
        return file;
    }
}
