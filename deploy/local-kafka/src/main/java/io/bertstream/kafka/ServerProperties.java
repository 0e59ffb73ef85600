package io.bertstream.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/** The server.properties of a single-node KRaft broker (combined broker and controller). */
final class ServerProperties {

    private ServerProperties() {}

    static Map<String, String> of(BrokerSettings s) {
        int port = s.port();
        int controllerPort = s.controllerPort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + s.host() + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + s.host() + ":" + port + ",CONTROLLER://" + s.host() + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + s.host() + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", s.dataDir().resolve("logs").toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(s.partitions()));
        p.put("auto.create.topics.enable", "true");
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions and no rebalance delay: a local broker that is quick to use.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(s.extra());
        return p;
    }
}
