package io.bertstream.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/** The server.properties of a single-node KRaft broker (combined broker and controller). */
final class ServerProperties {

    static final String SCRAM = "SCRAM-SHA-512";

    private ServerProperties() {}

    /** The JAAS line of a SCRAM login. */
    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** The client settings for {@code user} on a secured broker. */
    static Map<String, String> client(TlsMaterial tls, String user, String password) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", SCRAM);
        c.put("sasl.jaas.config", jaas(user, password));
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
        c.put("ssl.truststore.password", tls.password());
        return c;
    }

    /** The broker's SCRAM user on a secured listener. */
    static final String BROKER_USER = "admin";

    /**
     * @param tls the certificates of a secured broker, null for plaintext
     * @param brokerPassword the SCRAM password of {@link #BROKER_USER}, with {@code tls}
     */
    static Map<String, String> of(BrokerSettings s, TlsMaterial tls, String brokerPassword) {
        int port = s.port();
        int controllerPort = s.controllerPort();
        String client = tls == null ? "PLAINTEXT" : "SASL_SSL";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + s.host() + ":" + controllerPort);
        p.put("listeners", client + "://" + s.host() + ":" + port + ",CONTROLLER://" + s.host() + ":" + controllerPort);
        p.put("advertised.listeners", client + "://" + s.host() + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", client);
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT," + client + ":" + client);
        if (tls != null) {
            p.put("sasl.enabled.mechanisms", SCRAM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(BROKER_USER, brokerPassword));
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", tls.brokerKeystore().toAbsolutePath().toString());
            p.put("ssl.keystore.password", tls.password());
            p.put("ssl.key.password", tls.password());
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
            p.put("ssl.truststore.password", tls.password());
        }
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
