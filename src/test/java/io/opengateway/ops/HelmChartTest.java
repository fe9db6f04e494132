package io.opengateway.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The Helm chart, linted and rendered by a real helm, with default and production-like values. */
class HelmChartTest {

    private static final String PRODUCTION = Helm.CHART.resolve("values-production.yaml").toString();
    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = Helm.require();
    }

    @Test
    void lints_strictly_with_default_and_production_values() throws Exception {
        for (String[] args : new String[][] {{}, {"-f", PRODUCTION}}) {
            List<String> all = new ArrayList<>(List.of("lint", "--strict", Helm.CHART.toString()));
            all.addAll(List.of(args));
            Helm.Run r = helm.run(all.toArray(String[]::new));
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
        }
    }

    @Test
    void probes_and_scraping_use_the_management_port() throws Exception {
        JsonNode container = container(helm.template(Helm.CHART));

        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo("management");
        }
        assertThat(portOf(container, "management")).isEqualTo(8081);
        assertThat(portOf(container, "http")).isEqualTo(8080);
        assertThat(env(container)).containsEntry("MANAGEMENT_SERVER_PORT", "8081").containsEntry("SERVER_PORT", "8080");

        List<JsonNode> production = helm.template(Helm.CHART, "-f", PRODUCTION);
        JsonNode monitor = only(production, "ServiceMonitor");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(only(production, "Ingress").at("/spec/rules/0/http/paths/0/backend/service/port/name").asText())
                .isEqualTo("http");
    }

    @Test
    void keys_the_admin_token_and_the_database_password_come_only_from_secrets() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART, "-f", PRODUCTION);
        JsonNode container = container(objects);

        assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("Secret"));
        Map<String, String> refs = new TreeMap<>();
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (name.matches(".*(KEY|TOKEN|PASSWORD|SECRET).*")) {
                assertThat(e.has("value")).as(name + " has a literal value").isFalse();
                JsonNode ref = e.at("/valueFrom/secretKeyRef");
                refs.put(name, ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        }
        assertThat(refs).containsEntry("OPENGATEWAY_PROVIDERS_OPENAI_API_KEY", "opengateway-keys/openai-api-key")
                .containsEntry("OPENGATEWAY_PROVIDERS_ANTHROPIC_API_KEY", "opengateway-keys/anthropic-api-key")
                .containsEntry("OPENGATEWAY_PROVIDERS_GOOGLE_API_KEY", "opengateway-keys/google-api-key")
                .containsEntry("OPENGATEWAY_ADMIN_TOKEN", "opengateway-keys/admin-token")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "opengateway-db/password");
        assertThat(env(container)).containsEntry("SPRING_DATASOURCE_URL",
                "jdbc:postgresql://postgres.databases.svc:5432/opengateway?sslmode=require");

        // and the schema refuses a key put into the values
        Helm.Run literal = helm.run("template", "og", Helm.CHART.toString(), "--set",
                "gateway.providers.openai.apiKey=sk-literal");
        assertThat(literal.exit()).isNotZero();
        assertThat(literal.err()).contains("apiKey");
    }

    @Test
    void the_route_config_maps_hold_exactly_the_repository_routes() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART);

        assertThat(data(configMap(objects, "og-opengateway-routes"))).isEqualTo(yamlFiles(Path.of("routes")));
        assertThat(data(configMap(objects, "og-opengateway-catalog")))
                .isEqualTo(yamlFiles(Path.of("routes", "catalog")));
    }

    @Test
    void routes_are_folder_mounts_without_sub_path_where_the_app_reads_them() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART);
        JsonNode container = container(objects);

        Map<String, String> mounts = new TreeMap<>();
        for (JsonNode m : container.path("volumeMounts")) {
            assertThat(m.has("subPath") || m.has("subPathExpr")).as(m.toString()).isFalse();
            mounts.put(m.path("mountPath").asText(), m.path("name").asText());
        }
        assertThat(mounts).containsEntry("/app/routes", "routes").containsEntry("/app/catalog", "catalog")
                .containsEntry("/app/data", "data").containsEntry("/tmp", "tmp");
        assertThat(env(container)).containsEntry("OPENGATEWAY_CATALOG", "file:catalog/*.yaml")
                .doesNotContainKeys("CAMEL_MAIN_ROUTESRELOADENABLED", "CAMEL_MAIN_ROUTES_RELOAD_ENABLED");
        String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile"));
        assertThat(dockerfile).contains("WORKDIR /app\n", "COPY routes/ routes/\n");
    }

    @Test
    void the_checksum_annotation_changes_when_a_route_changes(@TempDir Path tmp) throws Exception {
        Path chart = copyFollowingLinks(Helm.CHART, tmp.resolve("opengateway"));
        String before = checksum(helm.template(chart));
        assertThat(before).matches("[0-9a-f]{64}");
        assertThat(checksum(helm.template(chart))).isEqualTo(before);

        Files.writeString(chart.resolve("files/routes/gateway.yaml"), "\n# changed\n", java.nio.file.StandardOpenOption.APPEND);
        String afterRoute = checksum(helm.template(chart));
        assertThat(afterRoute).isNotEqualTo(before);

        Files.writeString(chart.resolve("files/routes/catalog/openai.yaml"), "\n# changed\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(checksum(helm.template(chart))).isNotEqualTo(afterRoute);
    }

    @Test
    void pods_run_as_the_image_user_read_only_without_capabilities() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART);
        JsonNode pod = only(objects, "Deployment").at("/spec/template/spec");
        JsonNode sc = container(objects).path("securityContext");

        String imageUser = Files.readString(Path.of("src", "main", "docker", "Dockerfile"))
                .replaceAll("(?s).*\\nUSER (\\d+):.*", "$1");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asText()).isEqualTo(imageUser);
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(sc.path("privileged").asBoolean(true)).isFalse();
        assertThat(sc.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(sc.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("volumes").findValues("emptyDir")).hasSize(2);
    }

    @Test
    void production_values_scale_out_with_budget_and_network_policy() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART, "-f", PRODUCTION);

        assertThat(only(objects, "Deployment").at("/spec/replicas").isMissingNode()).isTrue();
        assertThat(only(objects, "HorizontalPodAutoscaler").at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(only(objects, "PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(2);
        JsonNode ingress = only(objects, "NetworkPolicy").at("/spec/ingress");
        assertThat(ingress.at("/1/ports/0/port").asInt()).isEqualTo(8081);
        assertThat(ingress.at("/1/from/0/namespaceSelector/matchLabels").toString()).contains("monitoring");

        List<JsonNode> defaults = helm.template(Helm.CHART);
        assertThat(defaults).noneMatch(o -> o.path("kind").asText().matches("HorizontalPodAutoscaler|ServiceMonitor|Ingress"));
        assertThat(only(defaults, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(only(defaults, "NetworkPolicy").at("/spec/ingress/1/from/0/podSelector").isEmpty()).isTrue();
    }

    @Test
    void several_replicas_without_a_shared_database_are_refused() throws Exception {
        Helm.Run r = helm.run("template", "og", Helm.CHART.toString(), "--set", "replicaCount=2");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("database.url");
    }

    @Test
    void by_default_the_spool_is_an_empty_dir_of_a_deployment_and_lost_with_the_pod() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART);

        assertThat(objects).noneMatch(o -> o.path("kind").asText().matches("StatefulSet|PersistentVolumeClaim"));
        assertThat(volume(only(objects, "Deployment"), "data").has("emptyDir")).isTrue();
        assertThat(env(container(objects))).doesNotContainKeys("POD_NAME", "OPENGATEWAY_BILLING_SPOOL_DIR",
                "OPENGATEWAY_BILLING_TAKEOVER");
    }

    @Test
    void claim_per_pod_runs_a_stateful_set_whose_pods_keep_their_claims() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART, "-f", PRODUCTION, "--set", "persistence.mode=claimPerPod",
                "--set", "persistence.storageClass=gp3");

        assertThat(objects).noneMatch(o -> o.path("kind").asText().matches("Deployment|PersistentVolumeClaim"));
        JsonNode set = only(objects, "StatefulSet");
        JsonNode claim = set.at("/spec/volumeClaimTemplates/0");
        assertThat(claim.at("/metadata/name").asText()).isEqualTo("data");
        assertThat(claim.at("/spec/accessModes").toString()).isEqualTo("[\"ReadWriteOnce\"]");
        assertThat(claim.at("/spec/storageClassName").asText()).isEqualTo("gp3");
        // a claim outlives its pod, also when a scale-down removes the pod: what it holds is not deleted
        assertThat(set.at("/spec/persistentVolumeClaimRetentionPolicy/whenScaled").asText()).isEqualTo("Retain");
        assertThat(set.at("/spec/persistentVolumeClaimRetentionPolicy/whenDeleted").asText()).isEqualTo("Retain");
        assertThat(set.at("/spec/serviceName").asText()).isEqualTo(only(objects, "Service").at("/metadata/name").asText());
        assertThat(names(set.at("/spec/template/spec/volumes"))).doesNotContain("data");
        assertThat(set.at("/spec/template/spec/containers/0/volumeMounts").toString()).contains("\"/app/data\"");
        assertThat(only(objects, "HorizontalPodAutoscaler").at("/spec/scaleTargetRef/kind").asText())
                .isEqualTo("StatefulSet");
        assertThat(env(set.at("/spec/template/spec/containers/0"))).doesNotContainKey("OPENGATEWAY_BILLING_TAKEOVER");
    }

    @Test
    void a_shared_claim_gives_each_pod_its_own_spool_folder_and_turns_takeover_on() throws Exception {
        List<JsonNode> objects = helm.template(Helm.CHART, "-f", PRODUCTION);

        JsonNode claim = only(objects, "PersistentVolumeClaim");
        assertThat(claim.at("/spec/accessModes").toString()).isEqualTo("[\"ReadWriteMany\"]");
        assertThat(volume(only(objects, "Deployment"), "data").at("/persistentVolumeClaim/claimName").asText())
                .isEqualTo(claim.at("/metadata/name").asText());
        JsonNode env = container(objects).path("env");
        List<String> names = names(env);
        assertThat(names.indexOf("POD_NAME")).as("defined before it is used in $(POD_NAME)")
                .isNotNegative().isLessThan(names.indexOf("OPENGATEWAY_BILLING_SPOOL_DIR"));
        assertThat(env.get(names.indexOf("POD_NAME")).at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.name");
        assertThat(env(container(objects))).containsEntry("OPENGATEWAY_BILLING_SPOOL_DIR", "/app/data/billing-spool/$(POD_NAME)")
                .containsEntry("OPENGATEWAY_BILLING_TAKEOVER", "true")
                .containsEntry("OPENGATEWAY_BILLING_TAKEOVER_INTERVAL", "30s");
    }

    @Test
    void spool_settings_that_cannot_hold_are_refused() throws Exception {
        Helm.Run oneWriter = helm.run("template", "og", Helm.CHART.toString(), "-f", PRODUCTION,
                "--set", "persistence.accessModes={ReadWriteOnce}");
        assertThat(oneWriter.exit()).isNotZero();
        assertThat(oneWriter.err()).contains("ReadWriteMany");

        Helm.Run existingPerPod = helm.run("template", "og", Helm.CHART.toString(), "--set",
                "persistence.mode=claimPerPod", "--set", "persistence.existingClaim=mine");
        assertThat(existingPerPod.exit()).isNotZero();
        assertThat(existingPerPod.err()).contains("existingClaim");

        Helm.Run oldSwitch = helm.run("template", "og", Helm.CHART.toString(), "--set", "persistence.enabled=true");
        assertThat(oldSwitch.exit()).as("the old switch is gone, not ignored").isNotZero();
        assertThat(oldSwitch.err()).contains("enabled");
    }

    @Test
    void the_redis_url_comes_from_an_existing_secret_or_without_credentials_from_the_values() throws Exception {
        JsonNode fromSecret = envVar(container(helm.template(Helm.CHART, "-f", PRODUCTION)), "OPENGATEWAY_SPEND_REDIS_URL");
        assertThat(fromSecret.has("value")).isFalse();
        assertThat(fromSecret.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("opengateway-redis");
        assertThat(fromSecret.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("redis-url");

        assertThat(env(container(helm.template(Helm.CHART, "--set", "redis.url=redis://redis-master.redis.svc:6379"))))
                .containsEntry("OPENGATEWAY_SPEND_REDIS_URL", "redis://redis-master.redis.svc:6379");
        assertThat(env(container(helm.template(Helm.CHART)))).doesNotContainKey("OPENGATEWAY_SPEND_REDIS_URL");

        Helm.Run withPassword = helm.run("template", "og", Helm.CHART.toString(), "--set",
                "redis.url=redis://:hunter2@redis:6379");
        assertThat(withPassword.exit()).isNotZero();
        assertThat(withPassword.err()).contains("/redis/url");
    }

    private static JsonNode volume(JsonNode workload, String name) {
        for (JsonNode v : workload.at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    /** The {@code name} of each item of a list (volumes, env). */
    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.path("name").asText()));
        return names;
    }

    private static JsonNode envVar(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode container(List<JsonNode> objects) {
        return only(objects, "Deployment").at("/spec/template/spec/containers/0");
    }

    private static JsonNode configMap(List<JsonNode> objects, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap"))
                .filter(o -> o.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static String checksum(List<JsonNode> objects) {
        return only(objects, "Deployment").at("/spec/template/metadata/annotations").path("checksum/config").asText();
    }

    private static int portOf(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port " + name);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        return env;
    }

    private static Map<String, String> data(JsonNode configMap) {
        Map<String, String> data = new TreeMap<>();
        configMap.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static Map<String, String> yamlFiles(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** The chart as a plain folder (files/routes is a link to the repository's routes/). */
    private static Path copyFollowingLinks(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
