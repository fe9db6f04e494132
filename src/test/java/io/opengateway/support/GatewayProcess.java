package io.opengateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The gateway as a separate JVM (the test JVM's class path, the project's route files), with an H2
 * file database (or the database given to {@link #database}) and a billing journal in one folder,
 * so a test can kill it (SIGKILL) or stop it (SIGTERM) and start it again on the same data.
 */
public final class GatewayProcess implements AutoCloseable {

    public static final String ADMIN_TOKEN = "process-admin-token-7c2e";

    private final Path dir;
    private final String providerUrl;
    private final List<String> args;
    private String[] database;
    private Path spool;
    private Path workingDir = Path.of(System.getProperty("user.dir"));
    private int port = freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    /** A gateway on {@code dir}'s data whose openai provider is {@code provider}; {@code args} are more settings. */
    public GatewayProcess(Path dir, FakeUpstream provider, String... args) {
        this.dir = dir;
        this.providerUrl = provider.baseUrl() + "/v1";
        this.args = List.of(args);
        this.database = new String[] {"jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", ""};
        this.spool = dir.resolve("spool");
    }

    /** Another database than the H2 file in the folder (PostgreSQL, say). */
    public GatewayProcess database(String url, String user, String password) {
        this.database = new String[] {url, user, password};
        return this;
    }

    /** Another billing spool folder than {@code spool} in the data folder (one of several replicas' on a shared volume, say). */
    public GatewayProcess spool(Path folder) {
        this.spool = folder;
        return this;
    }

    /** Another working folder than the project's (where the route files are). */
    public GatewayProcess workingDir(Path dir) {
        this.workingDir = dir;
        return this;
    }

    /**
     * Starts the JVM and returns once it answers. A port taken by another process between our
     * pick and the gateway's bind (the machine is shared) means another pick and another start.
     */
    public GatewayProcess start() throws IOException {
        starts++;
        for (int attempt = 1;; attempt++) {
            Path logFile = dir.resolve("gateway-" + starts + ".log");
            Files.deleteIfExists(logFile);
            launch(logFile);
            try {
                Awaitility.await("the gateway process to answer").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException("the gateway exited at start-up: " + log());
                            }
                            return answers();
                        });
                return this;
            } catch (IllegalStateException e) {
                if (attempt == 3 || !Files.readString(logFile).contains("already in use")) {
                    throw e;
                }
                port = freePort();
            }
        }
    }

    private void launch(Path logFile) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.opengateway.OpenGatewayApplication",
                "--server.port=" + port,
                "--management.server.port=" + freePort(),
                "--spring.datasource.url=" + database[0],
                "--spring.datasource.username=" + database[1],
                "--spring.datasource.password=" + database[2],
                "--opengateway.billing.spool-dir=" + spool,
                "--opengateway.admin-token=" + ADMIN_TOKEN,
                "--opengateway.providers.openai.base-url=" + providerUrl,
                "--opengateway.providers.openai.api-key=sk-process-test"));
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }

    private boolean answers() {
        try {
            return get("/v1/models", null).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM and returns at once (the graceful shutdown runs on). */
    public void terminate() {
        process.destroy();
    }

    public boolean awaitExit(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The logs of every start so far, for failure messages. */
    public String log() {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            try {
                out.append(Files.readString(dir.resolve("gateway-" + i + ".log")));
            } catch (IOException e) {
                out.append("(no log ").append(i).append(")");
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
