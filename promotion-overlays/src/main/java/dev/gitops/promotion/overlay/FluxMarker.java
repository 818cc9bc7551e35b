package dev.gitops.promotion.overlay;

import java.util.Objects;
import java.util.Optional;

/**
 * A Flux image-automation setter marker: a line comment {@code # {"$imagepolicy": "ns:name"}}
 * (optionally with {@code :tag}, {@code :name} or {@code :digest}) on a scalar value.
 *
 * @param location where the marked value is, as {@code file:line:col}
 * @param policy the image policy, {@code namespace:name}
 * @param field {@code tag}, {@code name} or {@code digest}; empty for the whole image
 * @param value the value the marker is on, as it reads now
 */
public record FluxMarker(String location, String policy, Optional<String> field, String value) {

  /** Checks all parts are present. */
  public FluxMarker {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
  }
}
