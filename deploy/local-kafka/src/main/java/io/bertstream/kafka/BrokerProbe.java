package io.bertstream.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/** Asks a cluster to describe itself: the test of "the broker really answers". */
public final class BrokerProbe implements AutoCloseable {

    private final Admin admin;

    public BrokerProbe(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** {@code clientSettings}: extra admin-client settings (security, for a secured cluster). */
    public BrokerProbe(String bootstrapServers, Map<String, Object> clientSettings) {
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        this.admin = Admin.create(config);
    }

    /** True when the cluster described itself within {@code timeout}. */
    public boolean answers(Duration timeout) {
        return describe(timeout) != null;
    }

    /** "cluster id X, N node(s), controller host:port", or null when it did not answer in time. */
    public String describe(Duration timeout) {
        try {
            DescribeClusterResult result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            String id = result.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int nodes = result.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return "cluster id " + id + ", " + nodes + " node" + (nodes == 1 ? "" : "s");
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
