package dev.gitops.promotion.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitops.promotion.ImageDigest;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real registry for tests: Debian's {@code docker-registry} (CNCF Distribution) on a free
 * loopback port with a temporary storage directory. Images are pushed through its HTTP API (blob
 * uploads and manifest PUTs), as a CI job's {@code docker push} or {@code crane} would. Without the
 * binary the tests that need it are skipped and say why, except under CI, where they fail.
 */
public final class LocalRegistry implements AutoCloseable {
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : (path + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, "docker-registry");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Starts a registry in {@code dir}; skips the test when the binary is missing outside CI. */
  public static LocalRegistry start(Path dir) throws Exception {
    Optional<Path> bin = binary();
    if (bin.isEmpty()) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(
            "CI is set but docker-registry is not installed; .ci/run installs it (apt-get install"
                + " docker-registry)");
      }
      assumeTrue(
          false,
          "docker-registry (CNCF Distribution) is not installed: apt-get install docker-registry"
              + " to run the real-registry tests");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path storage = Files.createDirectories(dir.resolve("storage"));
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log:\n  level: error\n  accesslog:\n    disabled: true\n"
            + "storage:\n  filesystem:\n    rootdirectory: "
            + storage
            + "\n  delete:\n    enabled: true\n"
            + "http:\n  addr: 127.0.0.1:"
            + port
            + "\n");
    Process p =
        new ProcessBuilder(bin.get().toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    LocalRegistry r = new LocalRegistry(p, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        HttpResponse<String> ok =
            r.http.send(
                HttpRequest.newBuilder(URI.create(r.url("/v2/"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (ok.statusCode() == 200) {
          return r;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
      }
      Thread.sleep(50);
    }
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  String url(String path) {
    return "http://" + host() + path;
  }

  /** Uploads a blob (POST then PUT with the digest) and returns its digest. */
  public ImageDigest pushBlob(String repository, byte[] content) throws Exception {
    ImageDigest digest = OciRegistry.hash("sha256", content);
    HttpResponse<String> start =
        http.send(
            HttpRequest.newBuilder(URI.create(url("/v2/" + repository + "/blobs/uploads/")))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (start.statusCode() != 202) {
      throw new IllegalStateException("upload start: " + start.statusCode() + " " + start.body());
    }
    String location = start.headers().firstValue("Location").orElseThrow();
    URI target = URI.create(url("/")).resolve(location);
    String sep = target.toString().contains("?") ? "&" : "?";
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(target + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("upload: " + put.statusCode() + " " + put.body());
    }
    return digest;
  }

  /** PUTs a manifest under {@code reference} (a tag or digest) and returns its digest. */
  public ImageDigest pushManifest(
      String repository, String reference, String mediaType, String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(url("/v2/" + repository + "/manifests/" + reference)))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException("manifest: " + put.statusCode() + " " + put.body());
    }
    return OciRegistry.hash("sha256", bytes);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
