package io.bertstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.autograd.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON
 * header mapping each name to {@code dtype} F32, {@code shape} and {@code data_offsets}, plus
 * string {@code __metadata__}, then the raw little-endian data. Files are written next to
 * their final name, forced to disk and renamed into place, so a killed run leaves either the
 * old file or the new one.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {}

    /** Tensors read from a file, in file order, and its string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (int d : e.getValue().shape()) shape.add(d);
            long bytes = 4L * e.getValue().size();
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        int padded = (headerBytes.length + 7) / 8 * 8;   // the data starts 8-byte aligned
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
                head.putLong(padded).put(headerBytes);
                while (head.hasRemaining()) head.put((byte) ' ');
                writeFully(ch, head.flip());
                ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    for (float v : t.toArray()) {
                        if (!buf.hasRemaining()) writeFully(ch, buf.flip()).clear();
                        buf.putFloat(v);
                    }
                }
                writeFully(ch, buf.flip());
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len);
            long headerLength = len.flip().getLong();
            if (headerLength < 2 || headerLength > 100_000_000 || 8 + headerLength > ch.size()) {
                throw new IOException(file + ": not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf);
            JsonNode header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            long dataStart = 8 + headerLength;
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                JsonNode entry = e.getValue();
                if (!"F32".equals(entry.path("dtype").asText())) {
                    throw new IOException(file + ": tensor " + e.getKey() + " is " + entry.path("dtype").asText() + ", only F32 is supported");
                }
                int[] shape = new int[entry.path("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = entry.path("shape").get(i).asInt();
                long from = entry.path("data_offsets").get(0).asLong(), to = entry.path("data_offsets").get(1).asLong();
                long count = 1;
                for (int d : shape) count *= d;
                if (to - from != 4 * count || dataStart + to > ch.size()) throw new IOException(file + ": bad offsets for " + e.getKey());
                ByteBuffer data = ByteBuffer.allocate((int) (to - from)).order(ByteOrder.LITTLE_ENDIAN);
                ch.position(dataStart + from);
                readFully(ch, data);
                float[] values = new float[(int) count];
                data.flip().asFloatBuffer().get(values);
                tensors.put(e.getKey(), Tensor.of(values, shape));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static ByteBuffer writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
        return buf;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) throw new IOException("unexpected end of file");
        }
    }
}
