package io.bertstream.trainer.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Buffer reuse across training steps. Open one scope per step; every activation and
 * intermediate gradient that an op allocates while the scope is open comes from this arena,
 * and closing the scope hands all of them back for the next step. A step of the same shapes
 * therefore allocates nothing new after the first one, and garbage collection stays out of
 * the profile. During {@link Tensor#backward()} each intermediate gradient goes back to the
 * arena as soon as it has been consumed, so later gradients of the same size reuse it.
 *
 * <pre>{@code
 * Arena arena = new Arena();                 // one per training loop
 * for (...) {
 *     try (Arena.Scope step = arena.open()) {
 *         Tensor loss = model.forward(batch);
 *         loss.backward();
 *         float value = loss.item();          // read what you need before the scope closes
 *         optimizer.step();                   // parameter data and grads are not arena memory
 *     }
 * }
 * }</pre>
 *
 * <p>Tensors created inside a scope must not be used after it closes: their memory is reused.
 * Parameters and their gradients are ordinary heap arrays and never come from an arena.
 * Scopes are per thread; without an open scope, ops allocate from the heap.
 */
public final class Arena {
    private static final ThreadLocal<Arena> ACTIVE = new ThreadLocal<>();

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> inUse = new ArrayList<>();
    private long freshAllocations;
    private boolean open;

    /** Makes this arena the current thread's allocator until the returned scope closes. */
    public Scope open() {
        if (open) throw new IllegalStateException("arena scope already open");
        open = true;
        Arena previous = ACTIVE.get();
        ACTIVE.set(this);
        return new Scope(previous);
    }

    /** How many arrays this arena has had to create (as opposed to reuse) so far. */
    public long freshAllocations() {
        return freshAllocations;
    }

    /** Total floats held by this arena, in use or free. */
    public long heldFloats() {
        long n = 0;
        for (float[] b : inUse) n += b.length;
        for (ArrayDeque<float[]> q : free.values()) for (float[] b : q) n += b.length;
        return n;
    }

    /** An array of {@code n} floats from the current arena (or the heap); zeroed if asked. */
    static float[] allocate(int n, boolean zeroed) {
        Arena arena = ACTIVE.get();
        if (arena == null) return new float[n];
        return arena.take(n, zeroed);
    }

    private float[] take(int n, boolean zeroed) {
        ArrayDeque<float[]> q = free.get(n);
        float[] b = q == null ? null : q.poll();
        if (b == null) {
            b = new float[n];
            freshAllocations++;
        } else if (zeroed) {
            java.util.Arrays.fill(b, 0f);
        }
        inUse.add(b);
        return b;
    }

    /**
     * Hands one buffer back before the scope closes, for reuse later in the same step: the
     * backward sweep does this with each intermediate gradient once it has been consumed.
     * A buffer that did not come from the current arena is left to the garbage collector.
     */
    static void releaseEarly(float[] buffer) {
        Arena arena = ACTIVE.get();
        if (arena == null) return;
        for (int i = arena.inUse.size() - 1; i >= 0; i--) {
            if (arena.inUse.get(i) == buffer) {
                int last = arena.inUse.size() - 1;
                arena.inUse.set(i, arena.inUse.get(last));
                arena.inUse.remove(last);
                arena.free.computeIfAbsent(buffer.length, k -> new ArrayDeque<>()).push(buffer);
                return;
            }
        }
    }

    private void recycle() {
        for (float[] b : inUse) free.computeIfAbsent(b.length, k -> new ArrayDeque<>()).push(b);
        inUse.clear();
    }

    /** An open arena scope; closing it recycles every buffer handed out since it opened. */
    public final class Scope implements AutoCloseable {
        private final Arena previous;

        private Scope(Arena previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            recycle();
            open = false;
            if (previous == null) ACTIVE.remove();
            else ACTIVE.set(previous);
        }
    }
}
