package io.bertstream.trainer.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds one ONNX graph (inputs, initializers, nodes in topological order, outputs) and writes
 * it as a ModelProto: IR version 8, default-domain opset 17 (LayerNormalization is an ONNX op
 * from 17), plus {@code com.microsoft} version 1 when a node uses ONNX Runtime's contrib ops.
 * Every value must be defined (graph input, initializer or earlier node output) before a node
 * reads it and may be defined only once, so a graph that builds is well formed.
 */
public final class OnnxGraph {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;
    public static final String MICROSOFT_DOMAIN = "com.microsoft";

    private record ValueInfo(String name, ElementType type, Object[] dims) {}

    private record Node(String name, String domain, String opType, List<String> inputs, List<String> outputs,
            List<Attribute> attributes) {}

    private record Initializer(String name, ElementType type, int[] dims, float[] floats, long[] longs) {}

    private final String name;
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> values = new HashSet<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** A graph input; each dim is an Integer (fixed) or a String (symbolic, e.g. "batch_size"). */
    public String input(String value, ElementType type, Object... dims) {
        define(value);
        inputs.add(new ValueInfo(value, type, checkDims(value, dims)));
        return value;
    }

    /** Declares an already defined value as a graph output. */
    public void output(String value, ElementType type, Object... dims) {
        requireDefined(value, "graph output");
        outputs.add(new ValueInfo(value, type, checkDims(value, dims)));
    }

    /** A float initializer (stored as raw little-endian data); {@code values} is not copied. */
    public String initializer(String value, float[] data, int... dims) {
        checkCount(value, data.length, dims);
        define(value);
        initializers.add(new Initializer(value, ElementType.FLOAT, dims.clone(), data, null));
        return value;
    }

    /** An int64 initializer (shapes, axes, indices). */
    public String initializer(String value, long[] data, int... dims) {
        checkCount(value, data.length, dims);
        define(value);
        initializers.add(new Initializer(value, ElementType.INT64, dims.clone(), null, data.clone()));
        return value;
    }

    /** A node of the default domain with one output named {@code output}; returns that name. */
    public String node(String nodeName, String opType, List<String> nodeInputs, String output, Attribute... attributes) {
        node(nodeName, "", opType, nodeInputs, List.of(output), attributes);
        return output;
    }

    /** A node of any domain with several outputs. An empty input name marks an omitted optional input. */
    public void node(String nodeName, String domain, String opType, List<String> nodeInputs, List<String> nodeOutputs,
            Attribute... attributes) {
        if (!nodeNames.add(nodeName)) {
            throw new IllegalArgumentException("duplicate node name " + nodeName);
        }
        for (String in : nodeInputs) {
            if (!in.isEmpty()) requireDefined(in, "input of node " + nodeName);
        }
        nodeOutputs.forEach(this::define);
        nodes.add(new Node(nodeName, domain, opType, List.copyOf(nodeInputs), List.copyOf(nodeOutputs), List.of(attributes)));
    }

    /** A key/value pair for ModelProto.metadata_props (ONNX Runtime exposes them as custom metadata). */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    public boolean defines(String value) {
        return values.contains(value);
    }

    /** Writes the model file. */
    public void write(Path file, String producerVersion, String docString) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file)) {
            CodedOutputStream out = CodedOutputStream.newInstance(os, 1 << 16);
            modelProto(producerVersion, docString).writeTo(out);
            out.flush();
        }
    }

    /** The serialized ModelProto. */
    public byte[] toBytes(String producerVersion, String docString) throws IOException {
        ProtoMessage model = modelProto(producerVersion, docString);
        byte[] bytes = new byte[model.size()];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        model.writeTo(out);
        out.checkNoSpaceLeft();
        return bytes;
    }

    // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7,
    // opset_import = 8 (OperatorSetIdProto: domain = 1, version = 2), metadata_props = 14 (key = 1, value = 2).
    private ProtoMessage modelProto(String producerVersion, String docString) {
        ProtoMessage model = new ProtoMessage().int64(1, IR_VERSION).string(2, "bertstream").string(3, producerVersion);
        if (!docString.isEmpty()) model.string(6, docString);
        model.message(7, graphProto());
        Set<String> domains = new TreeSet<>();
        nodes.forEach(n -> domains.add(n.domain()));
        model.message(8, new ProtoMessage().string(1, "").int64(2, OPSET));
        if (domains.contains(MICROSOFT_DOMAIN)) {
            model.message(8, new ProtoMessage().string(1, MICROSOFT_DOMAIN).int64(2, 1));
        }
        metadata.forEach((k, v) -> model.message(14, new ProtoMessage().string(1, k).string(2, v)));
        return model;
    }

    // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
    private ProtoMessage graphProto() {
        ProtoMessage graph = new ProtoMessage();
        for (Node n : nodes) graph.message(1, nodeProto(n));
        graph.string(2, name);
        for (Initializer t : initializers) graph.message(5, tensorProto(t));
        for (ValueInfo v : inputs) graph.message(11, valueInfoProto(v));
        for (ValueInfo v : outputs) graph.message(12, valueInfoProto(v));
        return graph;
    }

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7.
    private static ProtoMessage nodeProto(Node n) {
        ProtoMessage node = new ProtoMessage();
        n.inputs().forEach(in -> node.string(1, in));
        n.outputs().forEach(out -> node.string(2, out));
        node.string(3, n.name()).string(4, n.opType());
        n.attributes().forEach(a -> node.message(5, a.toProto()));
        if (!n.domain().isEmpty()) node.string(7, n.domain());
        return node;
    }

    // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.
    private static ProtoMessage tensorProto(Initializer t) {
        ProtoMessage tensor = new ProtoMessage();
        for (int d : t.dims()) tensor.int64(1, d);
        tensor.int32(2, t.type().code).string(8, t.name());
        return t.floats() != null ? tensor.littleEndianFloats(9, t.floats()) : tensor.littleEndianLongs(9, t.longs());
    }

    // ValueInfoProto: name = 1, type = 2. TypeProto: tensor_type = 1. TypeProto.Tensor: elem_type = 1,
    // shape = 2. TensorShapeProto: dim = 1. Dimension: dim_value = 1, dim_param = 2.
    private static ProtoMessage valueInfoProto(ValueInfo v) {
        ProtoMessage shape = new ProtoMessage();
        for (Object d : v.dims()) {
            shape.message(1, d instanceof String param ? new ProtoMessage().string(2, param)
                    : new ProtoMessage().int64(1, ((Number) d).longValue()));
        }
        ProtoMessage tensorType = new ProtoMessage().int32(1, v.type().code).message(2, shape);
        return new ProtoMessage().string(1, v.name()).message(2, new ProtoMessage().message(1, tensorType));
    }

    private void define(String value) {
        if (value.isEmpty() || !values.add(value)) {
            throw new IllegalArgumentException("value name '" + value + "' is empty or already defined in graph " + name);
        }
    }

    private void requireDefined(String value, String role) {
        if (!values.contains(value)) {
            throw new IllegalArgumentException(role + ": value '" + value + "' is not defined in graph " + name);
        }
    }

    private static Object[] checkDims(String value, Object[] dims) {
        for (Object d : dims) {
            if (!(d instanceof String || d instanceof Integer || d instanceof Long)) {
                throw new IllegalArgumentException(value + ": dimension " + d + " is neither a number nor a symbolic name");
            }
        }
        return dims.clone();
    }

    private static void checkCount(String value, int count, int[] dims) {
        long n = 1;
        for (int d : dims) n *= d;
        if (n != count) {
            throw new IllegalArgumentException("initializer " + value + ": " + count + " values do not fill shape " + Arrays.toString(dims));
        }
    }
}
