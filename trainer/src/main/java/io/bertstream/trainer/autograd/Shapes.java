package io.bertstream.trainer.autograd;

import java.util.Arrays;

/** Static helpers for shapes and strides: sizes, row-major strides, broadcasting, axis checks. */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of a shape (1 for a scalar). */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape too large: " + format(shape));
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** A shape as {@code [2, 3, 4]}. */
    public static String format(int[] shape) {
        return Arrays.toString(shape);
    }

    /** An axis that may be negative (counted from the end), checked and made non-negative. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    /** The NumPy broadcast of two shapes, or an exception naming both. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromEnd(a, rank - 1 - i);
            int db = dimFromEnd(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(
                        "shapes " + format(a) + " and " + format(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private static int dimFromEnd(int[] shape, int fromEnd) {
        int i = shape.length - 1 - fromEnd;
        return i >= 0 ? shape[i] : 1;
    }

    /**
     * Strides that read a tensor of {@code shape}/{@code strides} as if broadcast to {@code target}:
     * stride 0 along broadcast dimensions.
     */
    static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[i + shift] = shape[i] == 1 && target[i + shift] != 1 ? 0 : strides[i];
        }
        return out;
    }

    static boolean isContiguous(int[] shape, int[] strides) {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }
}
