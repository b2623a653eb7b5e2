package bangfu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j's offline bulk importer (`neo4j-admin database import full`) on the home of the local
 * server, for `bangfu db import`.
 *
 * Why here: the neo4j-admin script belongs to the server distribution, which is not on Maven Central;
 * its import command (neo4j-import-tool, neo4j-command-line) comes with the embedded artifacts the
 * launcher already uses, so the same classpath runs it, and against the same directory layout
 * (HOME/data/databases, HOME/data/transactions) BangfuNeo4j serves.
 *
 * Arguments: --home DIR [--database NAME] -- IMPORTER-OPTIONS…
 *
 * The importer writes a database only into a new or empty one. A store that exists (the server has
 * run once) is opened first, without Bolt, and counted: nodes other than bangfu's SchemaVersion
 * marker mean data, and nothing is touched (exit code 3, line "BANGFU-IMPORT NOT-EMPTY n"). An empty
 * store is replaced (--overwrite-destination). The caller makes sure the server is stopped: the store
 * lock would refuse a running one anyway.
 */
public final class BangfuImport {

    public static final int NOT_EMPTY = 3;

    public static void main(String[] args) throws Exception {
        Path home = null;
        String database = GraphDatabaseSettings.DEFAULT_DATABASE_NAME;
        List<String> importerArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                importerArgs.addAll(List.of(args).subList(i + 1, args.length));
                break;
            } else if (args[i].equals("--home") && i + 1 < args.length) {
                home = Path.of(args[++i]).toAbsolutePath();
            } else if (args[i].equals("--database") && i + 1 < args.length) {
                database = args[++i];
            } else {
                throw new IllegalArgumentException("bad argument: " + args[i]);
            }
        }
        if (home == null) {
            throw new IllegalArgumentException("missing --home");
        }
        Files.createDirectories(home.resolve("logs"));

        boolean exists = hasStore(home.resolve("data").resolve("databases").resolve(database));
        if (exists) {
            long nodes = dataNodes(home, database);
            if (nodes > 0) {
                System.out.println("BANGFU-IMPORT NOT-EMPTY " + nodes);
                System.out.flush();
                System.exit(NOT_EMPTY);
            }
        }

        List<String> command = new ArrayList<>(List.of("database", "import", "full", database,
                "--overwrite-destination=" + exists));
        command.addAll(importerArgs);
        int code = AdminTool.execute(new ExecutionContext(home, home.resolve("conf")),
                command.toArray(new String[0]));
        System.out.println("BANGFU-IMPORT EXIT " + code);
        System.out.flush();
        System.exit(code);
    }

    private static boolean hasStore(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    /** Nodes in the database other than SchemaVersion (what `bangfu db init` alone leaves behind). */
    private static long dataNodes(Path home, String database) {
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                .build();
        try {
            GraphDatabaseService db = service.database(database);
            return db.executeTransactionally(
                    "MATCH (n) WHERE NOT n:SchemaVersion RETURN count(n) AS n", Map.of(),
                    result -> (Long) result.next().get("n"));
        } finally {
            service.shutdown();
        }
    }
}
