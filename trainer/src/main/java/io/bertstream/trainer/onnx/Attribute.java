package io.bertstream.trainer.onnx;

/** A node attribute: one ONNX AttributeProto of type INT, FLOAT, STRING or INTS. */
public record Attribute(String name, Object value) {

    public Attribute {
        if (!(value instanceof Long || value instanceof Float || value instanceof String || value instanceof long[])) {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value type " + value);
        }
    }

    public static Attribute i(String name, long value) {
        return new Attribute(name, value);
    }

    public static Attribute f(String name, float value) {
        return new Attribute(name, value);
    }

    public static Attribute s(String name, String value) {
        return new Attribute(name, value);
    }

    public static Attribute ints(String name, long... values) {
        return new Attribute(name, values.clone());
    }

    // AttributeProto: name = 1, f = 2, i = 3, s = 4, ints = 8, type = 20 (FLOAT 1, INT 2, STRING 3, INTS 7).
    ProtoMessage toProto() {
        ProtoMessage a = new ProtoMessage().string(1, name);
        switch (value) {
            case Long v -> a.int64(3, v).int32(20, 2);
            case Float v -> a.float32(2, v).int32(20, 1);
            case String v -> a.string(4, v).int32(20, 3);
            case long[] v -> {
                for (long x : v) a.int64(8, x);
                a.int32(20, 7);
            }
            default -> throw new IllegalStateException("unsupported attribute value " + value.getClass());
        }
        return a;
    }
}
