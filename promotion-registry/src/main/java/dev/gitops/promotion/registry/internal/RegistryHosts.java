package dev.gitops.promotion.registry.internal;

import dev.gitops.promotion.ImageReference;
import java.util.Locale;

/**
 * Docker's host rules: {@code docker.io} (and {@code index.docker.io}) are served by {@code
 * registry-1.docker.io}, official images live under {@code library/}, and a registry on this
 * machine speaks plain http (as Docker treats {@code localhost} and {@code 127.0.0.0/8} as insecure
 * registries).
 */
public final class RegistryHosts {
  /** Where Docker Hub's API is served. */
  public static final String DOCKER_HUB_API = "registry-1.docker.io";

  private RegistryHosts() {}

  /** The host (with port) a client contacts for {@code reference}. */
  public static String apiHost(ImageReference reference) {
    String host = reference.effectiveRegistry();
    return ImageReference.DOCKER_HUB.equals(host) ? DOCKER_HUB_API : host;
  }

  /** The repository path in API URLs: {@code nginx} on Docker Hub is {@code library/nginx}. */
  public static String repositoryPath(ImageReference reference) {
    String canonical = reference.canonicalName();
    return canonical.substring(canonical.indexOf('/') + 1);
  }

  /** The key a Docker config.json uses for {@code reference}'s registry. */
  public static String configKey(ImageReference reference) {
    String host = reference.effectiveRegistry();
    return ImageReference.DOCKER_HUB.equals(host) ? "https://index.docker.io/v1/" : host;
  }

  /** Whether {@code hostAndPort} is this machine, where plain http is the default. */
  public static boolean isLoopback(String hostAndPort) {
    String host = hostAndPort;
    if (host.startsWith("[")) {
      host = host.substring(0, host.indexOf(']') + 1);
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("localhost")
        || host.equals("[::1]")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** The base URL of {@code reference}'s registry API: https, or http on this machine. */
  public static String baseUrl(ImageReference reference) {
    String host = apiHost(reference);
    return (isLoopback(host) ? "http://" : "https://") + host;
  }
}
