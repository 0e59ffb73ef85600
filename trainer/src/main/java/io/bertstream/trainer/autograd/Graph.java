package io.bertstream.trainer.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Reverse-mode sweep over the graph that produced a scalar loss. */
final class Graph {
    private Graph() {}

    static void backward(Tensor loss) {
        List<Tensor> order = topologicalOrder(loss);
        float[] seed = loss.gradBuffer();
        seed[0] += 1f;
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor node = order.get(i);
            Backward fn = node.backwardFn();
            float[] g = node.gradArray();
            if (fn != null && g != null) {
                long t0 = Profiler.start();
                fn.run(g);
                Profiler.stop(node.op() + " (backward)", t0);
            }
            node.releaseGraph();
        }
    }

    /** Nodes that need a gradient, each after all of its inputs (iterative DFS, no recursion). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            Tensor[] parents = t.backwardFn() == null ? null : t.parents();
            int i = next.pop();
            if (parents != null && i < parents.length) {
                next.push(i + 1);
                Tensor p = parents[i];
                if (p.requiresGrad() && seen.put(p, Boolean.TRUE) == null) {
                    stack.push(p);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return Collections.unmodifiableList(order);
    }
}
