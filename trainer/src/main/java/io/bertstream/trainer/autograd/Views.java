package io.bertstream.trainer.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reshape, transpose, permute and slice as views (no copy), and the copies that are needed
 * now and then: contiguous and concatenation. A view's backward applies the same view to
 * the input's gradient buffer and adds the output gradient through it.
 */
final class Views {
    private Views() {}

    /**
     * Records {@code view.apply(x)}; {@code view} must build the same view of any tensor of
     * x's shape, whatever its strides, so backward can apply it to x's contiguous gradient.
     */
    private static Tensor view(String name, Tensor x, UnaryOperator<Tensor> view) {
        long t0 = Profiler.start();
        Tensor out = view.apply(x);
        out.viewOf(x);
        return out.record(name, t0, g -> Strided.addInto(view.apply(gradOf(x)), contiguous(g, out.shape)), x);
    }

    private static Tensor gradOf(Tensor x) {
        return new Tensor(x.gradBuffer(), 0, x.shape, Shapes.contiguousStrides(x.shape));
    }

    private static Tensor contiguous(float[] data, int[] shape) {
        return new Tensor(data, 0, shape, Shapes.contiguousStrides(shape));
    }

    /**
     * A view when x's strides allow one (axes split or merged where they lie evenly in memory), else a view of a copy.
     * A reshape keeps the elements' row-major order, so its gradient is laid out as x's: backward
     * hands the buffer over when x has none yet, else adds it.
     */
    static Tensor reshape(Tensor in, int[] requested) {
        long t0 = Profiler.start();
        int[] shape = resolveShape(in, requested);
        Tensor x = reshapedStrides(in.shape, in.strides, shape) != null ? in : in.contiguous();
        Tensor out = new Tensor(x.data, x.offset, shape, reshapedStrides(x.shape, x.strides, shape));
        out.viewOf(x);
        return out.record("reshape", t0, g -> addInOrder(x, out, g), x);
    }

    /** {@code x}'s gradient += {@code g}, both row-major over the same elements; by taking g's buffer when x has none. */
    private static void addInOrder(Tensor x, Tensor out, float[] g) {
        float[] dx = x.gradBufferTaking(out);
        if (dx == g) return;
        Parallel.forRange(dx.length, 1 << 15, (from, to) -> VectorMath.addScaledInto(g, from, 1f, dx, from, to - from));
    }

    /**
     * Strides that read a tensor of {@code shape}/{@code strides} as {@code newShape} in the same
     * order, or null when there are none (PyTorch's rule for {@code view}): the old axes are cut
     * into chunks that lie evenly in memory, and each chunk must be an exact run of new axes.
     */
    static int[] reshapedStrides(int[] shape, int[] strides, int[] newShape) {
        int[] out = new int[newShape.length];
        if (Shapes.size(shape) == 0) return Shapes.contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkStride = strides.length == 0 ? 1 : strides[strides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    out[viewD] = (int) (viewNumel * chunkStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkStride = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        while (viewD >= 0 && newShape[viewD] == 1) out[viewD--] = 1; // leading axes of one
        return viewD == -1 ? out : null;
    }

    private static int[] resolveShape(Tensor x, int[] requested) {
        int[] shape = requested.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Shapes.format(requested));
                unknown = i;
            } else {
                if (shape[i] < 0) throw new IllegalArgumentException("reshape: bad dimension in " + Shapes.format(requested));
                known *= shape[i];
            }
        }
        if (unknown >= 0 && known > 0 && x.size % known == 0) shape[unknown] = (int) (x.size / known);
        if (Shapes.size(shape) != x.size || (unknown >= 0 && known == 0)) {
            throw new IllegalArgumentException("reshape: cannot view " + Shapes.format(x.shape) + " (" + x.size
                    + " elements) as " + Shapes.format(requested));
        }
        return shape;
    }

    static Tensor transpose(Tensor x, int axis0, int axis1) {
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = Shapes.axis(axis0, x.rank()), b = Shapes.axis(axis1, x.rank());
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    static Tensor permute(Tensor x, int[] order) {
        if (order.length != x.rank()) {
            throw new IllegalArgumentException("permute: order of length " + order.length + " for shape " + Shapes.format(x.shape));
        }
        int[] axes = new int[order.length];
        boolean[] used = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            axes[i] = Shapes.axis(order[i], x.rank());
            if (used[axes[i]]) throw new IllegalArgumentException("permute: axis repeated in " + Shapes.format(order));
            used[axes[i]] = true;
        }
        return view("permute", x, t -> {
            int[] shape = new int[axes.length], strides = new int[axes.length];
            for (int i = 0; i < axes.length; i++) {
                shape[i] = t.shape[axes[i]];
                strides[i] = t.strides[axes[i]];
            }
            return new Tensor(t.data, t.offset, shape, strides);
        });
    }

    static Tensor slice(Tensor x, int axis, int from, int to) {
        int a = Shapes.axis(axis, x.rank());
        if (from < 0 || to > x.shape[a] || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for axis " + axis
                    + " of shape " + Shapes.format(x.shape));
        }
        return view("slice", x, t -> {
            int[] shape = t.shape.clone();
            shape[a] = to - from;
            return new Tensor(t.data, t.offset + from * t.strides[a], shape, t.strides);
        });
    }

    static List<Tensor> split(Tensor x, int axis, int[] sizes) {
        int a = Shapes.axis(axis, x.rank());
        int total = 0;
        for (int s : sizes) total += s;
        if (total != x.shape[a]) {
            throw new IllegalArgumentException("split: sizes " + Shapes.format(sizes) + " do not add up to axis " + axis
                    + " of shape " + Shapes.format(x.shape));
        }
        List<Tensor> parts = new ArrayList<>(sizes.length);
        int from = 0;
        for (int s : sizes) {
            parts.add(slice(x, a, from, from + s));
            from += s;
        }
        return parts;
    }

    static Tensor contiguous(Tensor x) {
        if (x.isContiguous()) return x;
        long t0 = Profiler.start();
        Tensor out = Tensor.empty(x.shape, false);
        Strided.copy(x, out);
        return out.record("contiguous", t0, g -> addInOrder(x, out, g), x);
    }

    static Tensor cat(int axis, Tensor[] parts) {
        long t0 = Profiler.start();
        if (parts.length == 0) throw new IllegalArgumentException("cat: no tensors");
        int rank = parts[0].rank();
        int a = Shapes.axis(axis, rank);
        int[] shape = parts[0].shape.clone();
        shape[a] = 0;
        for (Tensor p : parts) {
            boolean fits = p.rank() == rank;
            for (int i = 0; fits && i < rank; i++) fits = i == a || p.shape[i] == shape[i];
            if (!fits) {
                throw new IllegalArgumentException("cat: shape " + Shapes.format(p.shape) + " does not match "
                        + Shapes.format(parts[0].shape) + " outside axis " + axis);
            }
            shape[a] += p.shape[a];
        }
        Tensor out = Tensor.empty(shape, false);
        int[] starts = new int[parts.length];
        int from = 0;
        for (int i = 0; i < parts.length; i++) {
            starts[i] = from;
            Strided.copy(parts[i], region(out.data, shape, a, from, parts[i].shape[a]));
            from += parts[i].shape[a];
        }
        Tensor[] inputs = parts.clone();
        return out.record("cat", t0, g -> {
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad()) {
                    Strided.addInto(gradOf(inputs[i]), region(g, shape, a, starts[i], inputs[i].shape[a]));
                }
            }
        }, inputs);
    }

    /** The part {@code [from, from+length)} along {@code axis} of a contiguous array of {@code shape}. */
    private static Tensor region(float[] data, int[] shape, int axis, int from, int length) {
        int[] strides = Shapes.contiguousStrides(shape);
        int[] part = shape.clone();
        part[axis] = length;
        return new Tensor(data, from * strides[axis], part, strides);
    }
}
