package io.bertstream.trainer.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many nodes of each op type an ONNX model's main graph has ({@code domain:op} for
 * non-default domains), read straight from the protobuf: used to see which fusions ONNX
 * Runtime applied to a graph it wrote back with {@code setOptimizedModelFilePath}.
 */
public final class OnnxOpCounts {
    private OnnxOpCounts() {}

    public static Map<String, Integer> of(Path model) throws IOException {
        try (InputStream in = Files.newInputStream(model)) {
            CodedInputStream proto = CodedInputStream.newInstance(in);
            proto.setSizeLimit(Integer.MAX_VALUE);
            Map<String, Integer> counts = new TreeMap<>();
            for (int tag; (tag = proto.readTag()) != 0; ) {
                if (WireFormat.getTagFieldNumber(tag) == 7) { // ModelProto.graph
                    int limit = proto.pushLimit(proto.readRawVarint32());
                    readGraph(proto, counts);
                    proto.popLimit(limit);
                } else {
                    proto.skipField(tag);
                }
            }
            return counts;
        }
    }

    private static void readGraph(CodedInputStream graph, Map<String, Integer> counts) throws IOException {
        for (int tag; (tag = graph.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == 1) { // GraphProto.node
                int limit = graph.pushLimit(graph.readRawVarint32());
                String opType = "", domain = "";
                for (int t; (t = graph.readTag()) != 0; ) {
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 4 -> opType = graph.readStringRequireUtf8(); // NodeProto.op_type
                        case 7 -> domain = graph.readStringRequireUtf8(); // NodeProto.domain
                        default -> graph.skipField(t);
                    }
                }
                graph.popLimit(limit);
                counts.merge(domain.isEmpty() || domain.equals("ai.onnx") ? opType : domain + ":" + opType, 1, Integer::sum);
            } else {
                graph.skipField(tag);
            }
        }
    }
}
