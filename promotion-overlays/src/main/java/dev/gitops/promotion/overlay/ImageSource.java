package dev.gitops.promotion.overlay;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where the value of an application's image comes from for one environment, and which environments
 * share that place: the planner's "blast radius" of an edit there.
 *
 * @param overlayPath the environment's overlay file that was asked about
 * @param path the file that sets the image (the overlay itself, a base, a component, a manifest)
 * @param location the value's position as {@code file:line:col}, or the file when unknown
 * @param kind what kind of place it is
 * @param environments the environments (of those given) whose overlays include {@link #path()},
 *     sorted
 */
public record ImageSource(
    String overlayPath, String path, String location, Kind kind, SortedSet<String> environments) {

  /** What kind of place sets the image. */
  public enum Kind {
    /** The overlay file itself (its {@code images:} entry, or the values or override file). */
    OVERLAY,
    /** An {@code images:} entry of a kustomization the overlay includes (a base or component). */
    BASE,
    /** An {@code image:} in a manifest or patch the overlay includes. */
    MANIFEST,
    /** Nothing the overlay includes sets the image. */
    NOT_FOUND
  }

  /** Copies the environments. */
  public ImageSource {
    Objects.requireNonNull(overlayPath, "overlayPath");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(kind, "kind");
    environments = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(environments));
  }

  /** Whether the value lives outside the overlay file (in a base, component or manifest). */
  public boolean outsideOverlay() {
    return kind == Kind.BASE || kind == Kind.MANIFEST;
  }

  /** Whether several environments use the file that sets the value. */
  public boolean shared() {
    return environments.size() > 1;
  }

  /**
   * A warning for the planner when an edit of the value would reach other environments, or empty
   * when it stays in one.
   */
  public Optional<String> warning() {
    if (kind == Kind.NOT_FOUND || !shared()) {
      return Optional.empty();
    }
    return Optional.of(
        "the image is set in "
            + location
            + (outsideOverlay() ? ", outside the overlay " + overlayPath : "")
            + ", which the environments "
            + String.join(", ", environments)
            + " all use: editing it there changes every one of them; set the image in the"
            + " environment's own overlay instead");
  }
}
