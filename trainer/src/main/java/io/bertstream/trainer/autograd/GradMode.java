package io.bertstream.trainer.autograd;

/**
 * No-grad mode: while a {@link #disabled()} scope is open on a thread, ops record no graph,
 * so evaluation and inference keep no intermediates alive.
 *
 * <pre>{@code
 * try (GradMode.Scope ignored = GradMode.disabled()) {
 *     Tensor logits = model.forward(batch);
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns graph recording off on this thread until the scope closes. */
    public static Scope disabled() {
        boolean previous = ENABLED.get();
        Scope restore = () -> ENABLED.set(previous);
        ENABLED.set(Boolean.FALSE);
        return restore;
    }

    /** A no-grad scope; closing restores the previous mode. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
