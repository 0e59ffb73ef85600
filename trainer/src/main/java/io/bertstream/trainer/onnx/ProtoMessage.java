package io.bertstream.trainer.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf message assembled field by field (field number, wire type and value) and written
 * with protobuf-java's {@link CodedOutputStream}: enough of the wire format to write the ONNX
 * messages from the specification's field numbers without generated classes. Nested messages
 * are kept as objects and sized before writing, so large tensors are copied once, straight
 * into the output.
 */
final class ProtoMessage {
    private static final int FLOAT_CHUNK = 16 * 1024;

    private interface Field {
        int size();

        void write(CodedOutputStream out) throws IOException;
    }

    private final List<Field> fields = new ArrayList<>();
    private int size = -1;

    ProtoMessage int64(int number, long value) {
        return add(new Field() {
            public int size() { return CodedOutputStream.computeInt64Size(number, value); }

            public void write(CodedOutputStream out) throws IOException { out.writeInt64(number, value); }
        });
    }

    /** int32 and enum fields (same varint encoding). */
    ProtoMessage int32(int number, int value) {
        return add(new Field() {
            public int size() { return CodedOutputStream.computeInt32Size(number, value); }

            public void write(CodedOutputStream out) throws IOException { out.writeInt32(number, value); }
        });
    }

    ProtoMessage float32(int number, float value) {
        return add(new Field() {
            public int size() { return CodedOutputStream.computeFloatSize(number, value); }

            public void write(CodedOutputStream out) throws IOException { out.writeFloat(number, value); }
        });
    }

    ProtoMessage string(int number, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return add(new Field() {
            public int size() { return CodedOutputStream.computeByteArraySize(number, utf8); }

            public void write(CodedOutputStream out) throws IOException { out.writeByteArray(number, utf8); }
        });
    }

    ProtoMessage message(int number, ProtoMessage value) {
        return add(new Field() {
            public int size() {
                int n = value.size();
                return CodedOutputStream.computeTagSize(number) + CodedOutputStream.computeUInt32SizeNoTag(n) + n;
            }

            public void write(CodedOutputStream out) throws IOException {
                out.writeTag(number, 2);
                out.writeUInt32NoTag(value.size());
                value.writeTo(out);
            }
        });
    }

    /** A bytes field holding {@code values} as little-endian IEEE floats (TensorProto.raw_data). */
    ProtoMessage littleEndianFloats(int number, float[] values) {
        int bytes = values.length * Float.BYTES;
        return add(new Field() {
            public int size() {
                return CodedOutputStream.computeTagSize(number) + CodedOutputStream.computeUInt32SizeNoTag(bytes) + bytes;
            }

            public void write(CodedOutputStream out) throws IOException {
                out.writeTag(number, 2);
                out.writeUInt32NoTag(bytes);
                ByteBuffer chunk = ByteBuffer.allocate(FLOAT_CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (int from = 0; from < values.length; from += FLOAT_CHUNK) {
                    int n = Math.min(FLOAT_CHUNK, values.length - from);
                    chunk.clear();
                    chunk.asFloatBuffer().put(values, from, n);
                    out.writeRawBytes(chunk.array(), 0, n * Float.BYTES);
                }
            }
        });
    }

    /** A bytes field holding {@code values} as little-endian int64 (TensorProto.raw_data). */
    ProtoMessage littleEndianLongs(int number, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        byte[] bytes = raw.array();
        return add(new Field() {
            public int size() { return CodedOutputStream.computeByteArraySize(number, bytes); }

            public void write(CodedOutputStream out) throws IOException { out.writeByteArray(number, bytes); }
        });
    }

    int size() {
        if (size < 0) {
            long total = 0;
            for (Field f : fields) total += f.size();
            if (total > Integer.MAX_VALUE) {
                throw new IllegalStateException("protobuf message of " + total + " bytes exceeds the 2 GiB limit");
            }
            size = (int) total;
        }
        return size;
    }

    void writeTo(CodedOutputStream out) throws IOException {
        for (Field f : fields) f.write(out);
    }

    private ProtoMessage add(Field field) {
        fields.add(field);
        size = -1;
        return this;
    }
}
