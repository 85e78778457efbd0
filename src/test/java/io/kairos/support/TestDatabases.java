package io.kairos.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fresh, Flyway-migrated databases for store tests: an in-memory H2 in PostgreSQL mode, and a new database on one
 * embedded PostgreSQL that starts on first use, once per JVM, and stops with the JVM. Registered as an extension,
 * it opens one database of each kind per test class, empties them before each test and drops them afterwards.
 * Whole-app tests take their databases from the same server ({@link #registerPostgres}).
 */
public final class TestDatabases implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** The two stores Kairos runs on. */
    public enum Kind {
        H2("H2"), POSTGRESQL("PostgreSQL");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    private static final List<String> TABLES = List.of("inbox_event", "dead_letter", "customer_context_cache",
            "ticket_enrichment", "ticket_topic", "suppression", "ledger_entry", "outbox_message", "signal",
            "replay_position", "intercom_conversation_link", "leader_term", "rate_limit", "activity_histogram");

    private final List<Kind> kinds;
    private final Map<Kind, Database> open = new EnumMap<>(Kind.class);

    private TestDatabases(List<Kind> kinds) {
        this.kinds = kinds;
    }

    /** For {@code @RegisterExtension static}: one H2 and one PostgreSQL database for the test class. */
    public static TestDatabases h2AndPostgres() {
        return new TestDatabases(List.of(Kind.H2, Kind.POSTGRESQL));
    }

    /** For {@code @RegisterExtension static}: one PostgreSQL database for the test class. */
    public static TestDatabases postgresOnly() {
        return new TestDatabases(List.of(Kind.POSTGRESQL));
    }

    /** The open databases, for {@code @MethodSource}; its arguments display as "H2" and "PostgreSQL". */
    public Stream<Database> stream() {
        return kinds.stream().map(this::get);
    }

    public Database get(Kind kind) {
        Database database = open.get(kind);
        if (database == null) {
            throw new IllegalStateException(kind + " is not open: register TestDatabases as a static extension");
        }
        return database;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kinds.forEach(kind -> open.put(kind, create(kind)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        open.values().forEach(Database::clear);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        open.values().forEach(Database::drop);
        open.clear();
    }

    /** A new migrated database of this kind; the caller drops it. */
    public static Database create(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    private static Database h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + uniqueName()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return new Database(Kind.H2, migrate(h2), h2.getURL(), () -> new JdbcTemplate(h2).execute("shutdown"));
    }

    private static Database postgres() {
        EmbeddedPostgres server = Postgres.SERVER;
        String name = uniqueName();
        JdbcTemplate admin = new JdbcTemplate(server.getPostgresDatabase());
        admin.execute("create database " + name);
        HikariConfig config = new HikariConfig();
        config.setDataSource(server.getDatabase("postgres", name));
        config.setPoolName(name);
        config.setMaximumPoolSize(6);
        config.setMinimumIdle(0);
        HikariDataSource pool = new HikariDataSource(config);
        String version = new JdbcTemplate(pool).queryForObject("select version()", String.class);
        if (version == null || !version.startsWith("PostgreSQL")) {
            throw new IllegalStateException("expected a real PostgreSQL, got " + version);
        }
        return new Database(Kind.POSTGRESQL, migrate(pool), server.getJdbcUrl("postgres", name), () -> {
            pool.close();
            admin.execute("drop database if exists " + name + " with (force)");
        });
    }

    /**
     * For a {@code @DynamicPropertySource} of a whole-app test: points {@code kairos.db.url} at a new, empty database
     * on the embedded PostgreSQL, created when the context first reads it. Spring calls the property source once
     * per context it builds, so each context gets a database of its own (another cached context's inbox poller
     * never takes its events) and a cached context keeps its one; the app migrates it, as in production. The
     * databases are left to the end of the JVM, when the server stops: a cached context may live that long.
     */
    public static void registerPostgres(DynamicPropertyRegistry registry) {
        Supplier<Object> url = new Supplier<>() {
            private String created;

            @Override
            public synchronized Object get() {
                if (created == null) {
                    String name = uniqueName();
                    new JdbcTemplate(Postgres.SERVER.getPostgresDatabase()).execute("create database " + name);
                    created = Postgres.SERVER.getJdbcUrl("postgres", name);
                }
                return created;
            }
        };
        registry.add("kairos.db.url", url);
        registry.add("kairos.db.user", () -> "postgres");
    }

    private static String uniqueName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static DataSource migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").cleanDisabled(false).load()
                .migrate();
        return dataSource;
    }

    /** Holder idiom: the server starts when the first PostgreSQL database is asked for, and only once per JVM. */
    private static final class Postgres {

        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                // Throw-away data: durability settings off make each test database cheaper to create and fill.
                return EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        // Whole-app contexts stay cached with full pools (16 each), beside the store tests' pools.
                        .setServerConfig("max_connections", "400")
                        .setRegisterShutdownHook(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
    }

    /**
     * One migrated test database with its JDBC template and transactions. Deliberately not {@link AutoCloseable}:
     * JUnit closes such parameterised-test arguments after each invocation.
     */
    public static final class Database {

        private final Kind kind;
        private final DataSource dataSource;
        private final String url;
        private final Runnable dispose;
        private final JdbcTemplate jdbc;
        private final DataSourceTransactionManager transactions;

        Database(Kind kind, DataSource dataSource, String url, Runnable dispose) {
            this.kind = kind;
            this.dataSource = dataSource;
            this.url = url;
            this.dispose = dispose;
            this.jdbc = new JdbcTemplate(dataSource);
            this.transactions = new DataSourceTransactionManager(dataSource);
        }

        public Kind kind() {
            return kind;
        }

        public boolean isPostgres() {
            return kind == Kind.POSTGRESQL;
        }

        public DataSource dataSource() {
            return dataSource;
        }

        /** The JDBC URL, for a whole Kairos app (or several) to share this database. */
        public String url() {
            return url;
        }

        public JdbcTemplate jdbc() {
            return jdbc;
        }

        /** Runs work in a transaction of its own (or joins the one already open on this thread). */
        public TransactionTemplate transaction() {
            return new TransactionTemplate(transactions);
        }

        /**
         * The target behind a proxy that applies its {@code @Transactional} annotations, with the interceptor and
         * attribute source that {@code @EnableTransactionManagement} would register, minus the Spring context.
         */
        @SuppressWarnings("unchecked")
        public <T> T transactional(T target) {
            ProxyFactory proxy = new ProxyFactory(target);
            proxy.setProxyTargetClass(true);
            proxy.addAdvice(new TransactionInterceptor((TransactionManager) transactions,
                    new AnnotationTransactionAttributeSource()));
            return (T) proxy.getProxy();
        }

        /** Empties every table. */
        public void clear() {
            TABLES.forEach(table -> jdbc.update("delete from " + table));
        }

        /** Drops the database (PostgreSQL) or shuts it down (H2). */
        public void drop() {
            dispose.run();
        }

        @Override
        public String toString() {
            return kind.toString();
        }
    }
}
