package dev.skirmish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skirmish.bots.LocalCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/kubernetes/skirmish.yaml as far as this machine (no Kubernetes, no Docker) can check it: the documents
 * parse, every reference resolves (selectors, the headless Service, the Secret, the ConfigMap), the probes ask
 * the node's own health paths, every SKIRMISH_ variable is a setting, the HAProxy configuration passes
 * {@code haproxy -c}; then a node is started by the image's entry point (docker/node.sh) with the environment a
 * pod of the StatefulSet gets, Kubernetes' service variables included, and must be ready, registered in Redis
 * under its pod name, and gone within the grace period after SIGTERM.
 */
class KubernetesIT {
    private final Path project = Path.of(System.getProperty("skirmish.projectDir", ".")).toAbsolutePath();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map, what + " is a mapping");
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        assertTrue(o instanceof List, what + " is a list");
        return (List<Object>) o;
    }

    private static Object at(Map<String, Object> m, String path) {
        Object o = m;
        for (String k : path.split("\\.")) {
            assertTrue(o instanceof Map, path + ": no mapping at " + k);
            o = ((Map<?, ?>) o).get(k);
        }
        return o;
    }

    /** The value at a dotted path, or null when any step is missing. */
    private static Object find(Map<String, Object> m, String path) {
        Object o = m;
        for (String k : path.split("\\.")) {
            if (!(o instanceof Map)) {
                return null;
            }
            o = ((Map<?, ?>) o).get(k);
        }
        return o;
    }


    private static int status(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            int s = c.getResponseCode();
            c.disconnect();
            return s;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void theManifestsHoldTogetherAndANodeRunsWithAPodsEnvironment() throws Exception {
        Map<String, Map<String, Object>> byKindAndName = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(project.resolve("docker/kubernetes/skirmish.yaml"))) {
            for (Object doc : new Yaml().loadAll(in)) {
                Map<String, Object> d = map(doc, "a document");
                assertNotNull(d.get("apiVersion"), "apiVersion of " + d.get("kind"));
                String name = (String) at(d, "metadata.name");
                assertNotNull(name, "every object has a name");
                byKindAndName.put(d.get("kind") + "/" + name, d);
            }
        }
        Map<String, Object> nodes = byKindAndName.get("StatefulSet/skirmish-node");
        assertNotNull(nodes, "the nodes' StatefulSet: " + byKindAndName.keySet());
        // every Service and workload selects pods that exist
        Map<String, Map<String, Object>> podLabels = new LinkedHashMap<>();
        for (var e : byKindAndName.entrySet()) {
            if (e.getKey().startsWith("StatefulSet/") || e.getKey().startsWith("Deployment/")) {
                Map<String, Object> labels = map(at(e.getValue(), "spec.template.metadata.labels"), e.getKey());
                Map<String, Object> selector = map(at(e.getValue(), "spec.selector.matchLabels"), e.getKey());
                assertTrue(labels.entrySet().containsAll(selector.entrySet()), e.getKey() + " selects its own pods");
                podLabels.put(e.getKey(), labels);
            }
        }
        for (var e : byKindAndName.entrySet()) {
            if (e.getKey().startsWith("Service/")) {
                Map<String, Object> selector = map(at(e.getValue(), "spec.selector"), e.getKey());
                assertTrue(podLabels.values().stream().anyMatch(l -> l.entrySet().containsAll(selector.entrySet())),
                        e.getKey() + " selects some pods");
            }
        }
        String headless = (String) at(nodes, "spec.serviceName");
        assertEquals("None", at(byKindAndName.get("Service/" + headless), "spec.clusterIP"),
                "the StatefulSet's Service is headless: each node has a DNS name");
        Map<String, Object> pod = map(at(nodes, "spec.template.spec"), "the node pod");
        assertEquals(Boolean.FALSE, pod.get("enableServiceLinks"), "no service variables in the nodes' pods");
        int grace = ((Number) pod.get("terminationGracePeriodSeconds")).intValue();
        assertTrue(grace >= 5 + 2 + 10, "room for the handover (5 s), the move (2 s) and the exit: " + grace);
        Map<String, Object> container = map(list(pod.get("containers"), "containers").get(0), "the node container");
        assertEquals(8080, at(map(list(container.get("ports"), "ports").get(0), "port"), "containerPort"));
        assertEquals("/health/ready", at(container, "readinessProbe.httpGet.path"));
        assertEquals("/health/live", at(container, "livenessProbe.httpGet.path"));
        assertEquals("/health/live", at(container, "startupProbe.httpGet.path"));

        // every SKIRMISH_ variable is a setting; the Secret it reads exists
        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(project.resolve("config/skirmish.properties"))) {
            defaults.load(in);
        }
        Set<String> settingVariables = new HashSet<>();
        for (String key : defaults.stringPropertyNames()) {
            settingVariables.add("SKIRMISH_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_')
                    .toUpperCase(java.util.Locale.ROOT));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Object o : list(container.get("env"), "env")) {
            Map<String, Object> v = map(o, "an env entry");
            String name = (String) v.get("name");
            assertTrue(settingVariables.contains(name), name + " is a setting");
            if (v.get("value") != null) {
                env.put(name, v.get("value").toString());
            } else if (find(v, "valueFrom.fieldRef.fieldPath") != null) {
                assertEquals("metadata.name", at(v, "valueFrom.fieldRef.fieldPath"));
                env.put(name, "skirmish-node-0"); // the first pod of the StatefulSet
            } else {
                Map<String, Object> ref = map(at(v, "valueFrom.secretKeyRef"), name);
                Map<String, Object> secret = byKindAndName.get("Secret/" + ref.get("name"));
                assertNotNull(secret, "the Secret " + ref.get("name"));
                Object value = map(secret.get("stringData"), "stringData").get(ref.get("key"));
                assertNotNull(value, "key " + ref.get("key") + " of the Secret");
                env.put(name, value.toString());
            }
        }

        // HAProxy's configuration: valid, and one route per node of the StatefulSet
        Map<String, Object> haproxy = byKindAndName.get("Deployment/haproxy");
        Map<String, Object> volume = map(list(at(haproxy, "spec.template.spec.volumes"), "volumes").get(0), "volume");
        String cfg = (String) map(at(byKindAndName.get("ConfigMap/" + at(volume, "configMap.name")), "data"), "data")
                .get("haproxy.cfg");
        assertNotNull(cfg, "haproxy.cfg in the ConfigMap");
        int replicas = ((Number) at(nodes, "spec.replicas")).intValue();
        for (int i = 0; i < replicas; i++) {
            String node = "skirmish-node-" + i;
            assertTrue(cfg.contains("path_beg /n/" + node + "/") && cfg.contains(node + "." + headless + ":8080"),
                    "HAProxy routes /n/" + node + "/ to " + node);
        }
        Path cfgFile = project.resolve("target/kubernetes-haproxy.cfg");
        Files.writeString(cfgFile, cfg);
        Process check = new ProcessBuilder(LocalCluster.tool("haproxy"), "-c", "-f", cfgFile.toString())
                .redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), "haproxy -c: " + checked);

        // a node with the environment of pod skirmish-node-0 (Redis's Service name resolved to this machine)
        int redisPort = LocalCluster.freePort();
        Path log = project.resolve("target/kubernetes-node.log");
        Process redis = new ProcessBuilder(LocalCluster.tool("redis-server"), "--port", Integer.toString(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(project.resolve("target/kubernetes-redis.log").toFile()))
                .start();
        Process node = null;
        try {
            int port = LocalCluster.freePort();
            ProcessBuilder pb = new ProcessBuilder("sh", project.resolve("docker/node.sh").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> e = pb.environment();
            e.putAll(env);
            e.put("SKIRMISH_CLUSTER_REDIS_URL", env.get("SKIRMISH_CLUSTER_REDIS_URL")
                    .replace("redis:6379", "127.0.0.1:" + redisPort));
            // what Kubernetes adds to every pod when service links are on (the default): the `skirmish` and
            // `redis` Services' variables; a node ignores them (one log line)
            e.putAll(Map.of("SKIRMISH_SERVICE_HOST", "10.96.0.20", "SKIRMISH_SERVICE_PORT", "80",
                    "SKIRMISH_SERVICE_PORT_HTTP", "80", "SKIRMISH_PORT", "tcp://10.96.0.20:80",
                    "SKIRMISH_PORT_80_TCP", "tcp://10.96.0.20:80", "SKIRMISH_PORT_80_TCP_PROTO", "tcp",
                    "SKIRMISH_PORT_80_TCP_PORT", "80", "SKIRMISH_PORT_80_TCP_ADDR", "10.96.0.20",
                    "REDIS_SERVICE_HOST", "10.96.0.21", "REDIS_PORT", "tcp://10.96.0.21:6379"));
            e.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
            e.put("HOSTNAME", "skirmish-node-0");
            // the image's settings (docker/Dockerfile), with a heap for this machine instead of 75% of its memory
            e.put("PAYARA_MICRO_JAR", System.getProperty("payara.microJar"));
            e.put("SKIRMISH_WAR", System.getProperty("skirmish.war"));
            e.put("SKIRMISH_CONFIG", project.resolve("config/skirmish.properties").toString());
            e.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            e.put("JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
            e.put("SKIRMISH_SERVER_PORT", Integer.toString(port)); // 8080 in the pod
            node = pb.start();
            long started = System.nanoTime();
            long end = started + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < end && status("http://127.0.0.1:" + port + "/health/ready") != 200) {
                assertTrue(node.isAlive(), "the node exited; see " + log);
                Thread.sleep(500);
            }
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(200, status("http://127.0.0.1:" + port + "/health/ready"), "ready; see " + log);
            assertEquals(200, status("http://127.0.0.1:" + port + "/health/live"), "live");
            Process get = new ProcessBuilder(LocalCluster.tool("redis-cli"), "-p", Integer.toString(redisPort), "get",
                    "skirmish:node:skirmish-node-0").redirectErrorStream(true).start();
            String registration = new String(get.getInputStream().readAllBytes());
            get.waitFor(10, TimeUnit.SECONDS);
            assertTrue(registration.contains("\"path\":\"n/skirmish-node-0/\""),
                    "registered under its pod name, reached at /n/skirmish-node-0/: " + registration);
            String logged = Files.readString(log);
            assertTrue(logged.contains("environment variables that are not settings, ignored")
                    && logged.contains("SKIRMISH_SERVICE_HOST"), "the service variables were ignored, and said so");
            long sigterm = System.nanoTime();
            node.destroy(); // what the kubelet sends first
            assertTrue(node.waitFor(grace, TimeUnit.SECONDS), "gone within terminationGracePeriodSeconds (" + grace
                    + " s)");
            long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
            assertFalse(node.isAlive());
            System.out.printf("kubernetes: the manifests hold together (%d objects), haproxy -c passed; a node with"
                    + " pod skirmish-node-0's environment was ready after %d ms and exited %d ms after SIGTERM"
                    + " (grace %d s)%n", byKindAndName.size(), readyMillis, exitMillis, grace);
        } finally {
            if (node != null) {
                node.destroyForcibly();
            }
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
