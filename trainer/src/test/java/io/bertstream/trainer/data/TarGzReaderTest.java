package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsEveryFileWithItsContentEvenWhenAHandlerSkipsOne() throws IOException {
        String longName = "package/" + "deep/".repeat(30) + "file.txt";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
        entries.put("package/skipped.bin", new byte[1500]); // spans blocks, not read by the handler
        entries.put(longName, "long".getBytes(StandardCharsets.UTF_8));
        entries.put("package/empty.txt", new byte[0]);
        Path tgz = TestArchives.tgz(tmp.resolve("p.tgz"), entries);

        List<String> seen = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tgz)) {
            TarGzReader.read(in, (name, size, content) -> {
                if (name.endsWith(".bin")) {
                    seen.add(name + "=" + size);
                } else {
                    seen.add(name + "=" + new String(content.readAllBytes(), StandardCharsets.UTF_8));
                }
            });
        }
        assertEquals(List.of("package/a.txt=alpha", "package/skipped.bin=1500", longName + "=long",
                "package/empty.txt="), seen);
    }

    @Test
    void garbageIsAnError() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            byte[] notTar = new byte[512];
            java.util.Arrays.fill(notTar, (byte) 'x');
            gz.write(notTar);
        }
        assertThrows(IOException.class, () -> TarGzReader.read(
                new ByteArrayInputStream(bytes.toByteArray()), (name, size, content) -> {}));
    }
}
