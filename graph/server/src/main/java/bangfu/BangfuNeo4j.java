package bangfu;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded, with its Bolt connector, for `bangfu db start`.
 *
 * Why a launcher of our own: the Neo4j server distribution is not on Maven Central, the
 * embedded artifacts are. This class gives them what the server script would: a home directory,
 * Bolt bound to one address, authentication on with a password we chose (never neo4j/neo4j),
 * memory from settings and a clean shutdown on SIGTERM.
 *
 * Arguments: --home DIR --address HOST --port N --password-file FILE [--pagecache BYTES]
 *            [--tx-timeout-seconds N] [--import-dir DIR] [--config-file FILE]
 * --config-file: more Neo4j settings, one `name=value` a line (java.util.Properties), e.g. the test
 * servers' query-plan settings; bangfu writes it from [neo4j] server_config.
 *
 * --import-dir (benchmarks only) lets LOAD CSV read file:/// URLs from DIR (server.directories.import
 * with dbms.security.allow_csv_import_from_file_urls on); without it nothing about LOAD CSV is set.
 *
 * The first start sets the password with Bolt still closed, so no one can ever log in with the
 * default credentials; later starts re-apply the password file, which is the source of truth.
 */
public final class BangfuNeo4j {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path home = Path.of(require(opts, "home")).toAbsolutePath();
        String address = opts.getOrDefault("address", "127.0.0.1");
        int port = Integer.parseInt(opts.getOrDefault("port", "7687"));
        Path passwordFile = Path.of(require(opts, "password-file"));
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        long pagecache = Long.parseLong(opts.getOrDefault("pagecache", String.valueOf(ByteUnit.gibiBytes(1))));
        long txTimeout = Long.parseLong(opts.getOrDefault("tx-timeout-seconds", "0"));
        Path importDir = opts.containsKey("import-dir") ? Path.of(opts.get("import-dir")).toAbsolutePath() : null;
        Path configFile = opts.containsKey("config-file") ? Path.of(opts.get("config-file")).toAbsolutePath() : null;

        // Phase one (only when the password file changed): no connector open, set the password.
        Path applied = home.resolve("password.applied");
        String fingerprint = sha256(password);
        if (!Files.exists(applied) || !Files.readString(applied).strip().equals(fingerprint)) {
            DatabaseManagementService closed = builder(home, pagecache, txTimeout, importDir, configFile)
                    .setConfig(BoltConnector.enabled, false)
                    .build();
            try {
                setPassword(closed.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
            } finally {
                closed.shutdown();
            }
            Files.writeString(applied, fingerprint + "\n");
        }

        // Phase two: Bolt on the chosen address only.
        DatabaseManagementService service = builder(home, pagecache, txTimeout, importDir, configFile)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(address, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(address, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("BANGFU-NEO4J STOPPING");
            System.out.flush();
            service.shutdown();
            stopped.countDown();
            System.out.println("BANGFU-NEO4J STOPPED");
            System.out.flush();
        }, "bangfu-shutdown"));

        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(Duration.ofMinutes(5).toMillis());
        System.out.println("BANGFU-NEO4J READY bolt://" + address + ":" + port);
        System.out.flush();
        stopped.await();
    }

    private static DatabaseManagementServiceBuilder builder(Path home, long pagecache, long txTimeout, Path importDir,
                                                            Path configFile) {
        DatabaseManagementServiceBuilder b = new DatabaseManagementServiceBuilder(home);
        if (configFile != null) {
            b.loadPropertiesFromFile(configFile);
        }
        b.setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"));
        if (txTimeout > 0) {
            b.setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeout));
        }
        if (importDir != null) {
            b.setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
             .setConfig(GraphDatabaseSettings.allow_file_urls, true);
        }
        return b;
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Already this password (a lost marker file): nothing to change.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String sha256(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument: " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }
}
