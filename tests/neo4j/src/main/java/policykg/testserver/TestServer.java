package policykg.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A Neo4j 5 Community server for policykg's tests: the embedded DBMS with its Bolt connector.
 *
 * <pre>POLICYKG_NEO4J_PASSWORD=... java -cp CLASSPATH policykg.testserver.TestServer HOME_DIR [PORT]</pre>
 *
 * <ul>
 *   <li>HOME_DIR holds the data (HOME_DIR/data) and logs (HOME_DIR/logs); a directory that
 *       already holds a database (for example one written by {@code neo4j-admin database
 *       import}) is opened as it is.
 *   <li>Bolt listens on 127.0.0.1 only, on PORT (default 0: a free port the OS picks), without
 *       TLS; authentication is on and user {@code neo4j} gets the password of the environment
 *       variable POLICYKG_NEO4J_PASSWORD (never on the command line, where {@code ps} shows it).
 *   <li>Prints one line {@code POLICYKG-NEO4J-READY bolt://127.0.0.1:PORT} on stdout when Bolt
 *       accepts connections.
 *   <li>Shuts the DBMS down cleanly and exits when its stdin closes (so it dies with the process
 *       that started it, even one killed by SIGKILL) or on SIGTERM/SIGINT.
 * </ul>
 */
public final class TestServer {
  static final String READY = "POLICYKG-NEO4J-READY";

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: TestServer HOME_DIR [PORT]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    String password = System.getenv("POLICYKG_NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("POLICYKG_NEO4J_PASSWORD must hold a password of 8 or more characters");
      System.exit(2);
    }
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
            .build();
    AtomicBoolean stopped = new AtomicBoolean(false);
    CountDownLatch done = new CountDownLatch(1);
    Runnable stop =
        () -> {
          if (stopped.compareAndSet(false, true)) {
            try {
              dbms.shutdown();
            } finally {
              done.countDown();
            }
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "policykg-neo4j-shutdown"));

    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    system.executeTransactionally(
        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    var bolt =
        db.getDependencyResolver()
            .resolveDependency(ConnectorPortRegister.class)
            .getLocalAddress(ConnectorType.BOLT);
    System.out.println(READY + " bolt://127.0.0.1:" + bolt.getPort());
    System.out.flush();

    Thread watcher =
        new Thread(
            () -> {
              InputStream in = System.in;
              byte[] buf = new byte[256];
              try {
                while (in.read(buf) >= 0) {
                  // anything written is ignored; only end of input matters
                }
              } catch (IOException e) {
                // a broken pipe is an end of input too
              }
              stop.run();
            },
            "policykg-neo4j-stdin");
    watcher.setDaemon(true);
    watcher.start();
    done.await();
    System.exit(0);
  }

  private TestServer() {}
}
