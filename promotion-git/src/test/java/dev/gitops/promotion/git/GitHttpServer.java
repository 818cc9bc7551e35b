package dev.gitops.promotion.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Git's smart HTTP protocol for tests: {@code git http-backend} (the CGI program that ships with
 * git) behind the JDK's HTTP server, with Basic authentication against one user and token.
 */
final class GitHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Path root;
  private final String user;
  private final String token;
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  GitHttpServer(Path root, String user, String token) throws IOException {
    this.root = root;
    this.user = user;
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of repository {@code name} under the root. */
  String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  private void handle(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    if (auth != null) {
      authorizations.add(auth);
    }
    if (!expected.equals(auth)) {
      ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
      ex.sendResponseHeaders(401, -1);
      ex.close();
      return;
    }
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("PATH_INFO", ex.getRequestURI().getPath());
    env.put(
        "QUERY_STRING",
        ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("REMOTE_USER", user);
    env.put("REMOTE_ADDR", "127.0.0.1");
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    env.put("CONTENT_TYPE", type == null ? "" : type);
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null) {
      env.put("HTTP_CONTENT_ENCODING", encoding);
    }
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", root.toString());
    Process p = pb.start();
    Thread feeder =
        new Thread(
            () -> {
              try (InputStream in = ex.getRequestBody();
                  OutputStream out = p.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // the backend stopped reading
              }
            });
    feeder.start();
    byte[] all = p.getInputStream().readAllBytes();
    p.getErrorStream().readAllBytes();
    try {
      p.waitFor();
      feeder.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int skip = 4;
    if (split < 0) {
      split = indexOf(all, "\n\n".getBytes(StandardCharsets.US_ASCII));
      skip = 2;
    }
    String head = new String(all, 0, Math.max(split, 0), StandardCharsets.UTF_8);
    int status = 200;
    for (String line : head.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String k = line.substring(0, colon).trim();
      String v = line.substring(colon + 1).trim();
      if (k.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(v.split(" ")[0]);
      } else {
        ex.getResponseHeaders().add(k, v);
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(all, split + skip, all.length - split - skip);
    ex.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
    if (body.size() > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        body.writeTo(os);
      }
    }
    ex.close();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
