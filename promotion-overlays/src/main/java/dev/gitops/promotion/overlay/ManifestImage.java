package dev.gitops.promotion.overlay;

import java.util.Objects;

/**
 * One container image in a Kubernetes manifest.
 *
 * @param location where the {@code image:} value is, as {@code file:line:col}
 * @param kind the workload kind, for example {@code Deployment}
 * @param workload the workload's {@code metadata.name}, or the empty string when it has none
 * @param list {@code containers}, {@code initContainers} or {@code ephemeralContainers}
 * @param container the container's {@code name}, or the empty string when it has none
 * @param image the image as written
 */
public record ManifestImage(
    String location, String kind, String workload, String list, String container, String image) {

  /** Checks all parts are present. */
  public ManifestImage {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(image, "image");
  }
}
