package io.bertstream.trainer.onnx;

/** ONNX tensor element types used here, with their TensorProto.DataType codes. */
public enum ElementType {
    FLOAT(1),
    INT32(6),
    INT64(7),
    BOOL(9);

    final int code;

    ElementType(int code) {
        this.code = code;
    }
}
