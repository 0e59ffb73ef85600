package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelMapTest {

    @Test
    void keepsTheOrderAndUsesTheThreads() {
        List<Integer> inputs = IntStream.range(0, 1001).boxed().toList();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (var parallel = new ParallelMap(3)) {
            List<Integer> out = parallel.map(inputs, i -> {
                threads.add(Thread.currentThread().getName());
                return i * 2;
            });
            assertEquals(inputs.stream().map(i -> i * 2).toList(), out);
        }
        assertEquals(3, threads.size(), "the caller and two pool threads: " + threads);
    }

    @Test
    void oneThreadMapsOnTheCaller() {
        try (var parallel = new ParallelMap(1)) {
            assertEquals(List.of(Thread.currentThread().getName()), parallel.map(List.of(1), i -> Thread.currentThread().getName()));
        }
    }

    @Test
    void smallAndEmptyBatches() {
        try (var parallel = new ParallelMap(4)) {
            assertEquals(List.of(), parallel.map(List.<Integer>of(), i -> i));
            assertEquals(List.of(2, 3), parallel.map(List.of(1, 2), i -> i + 1));
        }
    }

    @Test
    void aFailureInAChunkIsThrown() {
        try (var parallel = new ParallelMap(2)) {
            var e = assertThrows(IllegalStateException.class, () -> parallel.map(List.of(1, 2, 3, 4), i -> {
                if (i == 4) {
                    throw new ArithmeticException("boom");
                }
                return i;
            }));
            assertTrue(e.getCause() instanceof ArithmeticException);
        }
    }

    @Test
    void refusesNoThreads() {
        assertThrows(IllegalArgumentException.class, () -> new ParallelMap(0));
    }
}
