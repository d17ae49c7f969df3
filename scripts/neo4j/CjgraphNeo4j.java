import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Test-only embedded Neo4j Community server with Bolt, for the cjgraph test suite.
 *
 * Started (and daemonised) by scripts/neo4j-server; not part of the Python package.
 *
 * Usage: java ... CjgraphNeo4j HOME_DIR HOST PORT PAGECACHE_MIB READY_FILE
 *
 *   HOME_DIR       a fresh directory; databases, transaction logs and logs go below it
 *   HOST, PORT     Bolt listen address (PORT 0 = let the OS pick a free port)
 *   PAGECACHE_MIB  page cache size in MiB
 *   READY_FILE     written (atomically) with "host:port" once the "neo4j" database is
 *                  available and Bolt is listening
 *
 * Authentication is enabled: user "neo4j" with the password in the environment variable
 * CJGRAPH_NEO4J_TEST_PASSWORD (default "cjgraph-test"), set before the server reports ready, so
 * the tests can check both a good and a wrong password. The process runs until it gets
 * SIGTERM/SIGINT, then shuts the DBMS down cleanly from a shutdown hook.
 */
public final class CjgraphNeo4j {
    private CjgraphNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: CjgraphNeo4j HOME_DIR HOST PORT PAGECACHE_MIB READY_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        long pageCacheMib = Long.parseLong(args[3]);
        Path readyFile = Path.of(args[4]).toAbsolutePath();

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMib))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                // The data directory is thrown away on stop, so do not wait 2 x 5 s for
                // Bolt/Netty graceful-shutdown quiet periods (internal settings, 5.26).
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("cjgraph-neo4j: shutting down");
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "cjgraph-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(3).toMillis())) {
            System.err.println("cjgraph-neo4j: database 'neo4j' did not become available");
            System.exit(1);
        }
        String password = System.getenv().getOrDefault("CJGRAPH_NEO4J_TEST_PASSWORD", "cjgraph-test");
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", java.util.Map.of("password", password));
        // A trivial transaction proves the kernel and Cypher runtime are up.
        try (var tx = db.beginTx()) {
            tx.execute("RETURN 1").close();
            tx.commit();
        }

        ConnectorPortRegister ports = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        HostnamePort bolt = ports.getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) {
            System.err.println("cjgraph-neo4j: Bolt connector did not register a port");
            System.exit(1);
        }
        String address = host + ":" + bolt.getPort();

        writeAtomically(readyFile, address + "\n");
        System.out.printf("cjgraph-neo4j: ready on bolt://%s after %d ms%n",
                address, (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();

        stopped.await();
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
