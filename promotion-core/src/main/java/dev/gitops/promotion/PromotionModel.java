package dev.gitops.promotion;

import dev.gitops.promotion.spi.OverlayFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.immutables.value.Value;

/**
 * What every part of a promotion reads: the pipeline of environments, the applications and where
 * each environment sets their image, the overlay formats that read and edit those files, and the
 * access policy. One value, shared by the planner, the ledger and every backend, so none of them
 * repeats these settings.
 *
 * <pre>{@code
 * PromotionModel model = PromotionModel.builder()
 *     .pipeline(Pipeline.chain(dev, staging, production))
 *     .addApplications(api, payments)
 *     .addOverlayFormats(OverlayFormats.kustomize())   // from promotion-overlays
 *     .build();                                         // access policy: AccessPolicy.seedDefault()
 * }</pre>
 *
 * <p>promotion-git's {@code PromotionConfig} builds one from a repository's {@code promotion.yaml}.
 */
@Value.Immutable
public abstract class PromotionModel {

  /** The environments and their order. */
  public abstract Pipeline pipeline();

  /** The applications, by name (sorted). */
  @Value.NaturalOrder
  public abstract java.util.SortedMap<String, Application> applications();

  /** The overlay formats, by {@link OverlayFormat#id()}. */
  public abstract Map<String, OverlayFormat> overlayFormats();

  /** Who may deliver how where; {@link AccessPolicy#seedDefault()} unless set. */
  @Value.Default
  public AccessPolicy accessPolicy() {
    return AccessPolicy.seedDefault();
  }

  /** The application with this name, if any. */
  public Optional<Application> application(String name) {
    return Optional.ofNullable(applications().get(name));
  }

  /**
   * The application with this name.
   *
   * @throws InvalidInputException listing the known names when there is none
   */
  public Application requireApplication(String name) {
    Application app = applications().get(name);
    if (app == null) {
      throw new InvalidInputException(
          "unknown application '" + name + "'; known: " + applications().keySet());
    }
    return app;
  }

  /**
   * The format that reads {@code location}.
   *
   * @throws InvalidInputException when no format with that id is wired
   */
  public OverlayFormat format(OverlayLocation location) {
    OverlayFormat f = overlayFormats().get(location.format());
    if (f == null) {
      throw new InvalidInputException(
          "no overlay format '"
              + location.format()
              + "' is wired (needed for "
              + location.path()
              + "); wired: "
              + new TreeSet<>(overlayFormats().keySet()));
    }
    return f;
  }

  /** This model with another pipeline (same environments' names expected by the applications). */
  public PromotionModel withPipeline(Pipeline pipeline) {
    return builder().from(this).pipeline(pipeline).build();
  }

  @Value.Check
  void check() {
    // locations for environments outside the pipeline are allowed: the application is simply
    // not deployed there in this pipeline
    for (Application app : applications().values()) {
      for (String dep : app.dependsOn()) {
        if (!applications().containsKey(dep)) {
          throw new InvalidInputException(
              "application '" + app.name() + "' depends on unknown application '" + dep + "'");
        }
      }
    }
    overlayFormats()
        .forEach(
            (id, f) -> {
              if (!id.equals(f.id())) {
                throw new InvalidInputException(
                    "overlay format '" + f.id() + "' is registered under another id '" + id + "'");
              }
            });
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PromotionModel}. The pipeline is required. */
  public static final class Builder extends ImmutablePromotionModel.Builder {
    private final java.util.Set<String> added = new java.util.HashSet<>();

    Builder() {}

    /**
     * Adds applications, keyed by name.
     *
     * @throws InvalidInputException when a name is added twice
     */
    public Builder addApplications(Application... apps) {
      return addApplications(List.of(apps));
    }

    /**
     * Adds applications, keyed by name.
     *
     * @throws InvalidInputException when a name is added twice
     */
    public Builder addApplications(List<Application> apps) {
      for (Application app : apps) {
        if (!added.add(app.name())) {
          throw new InvalidInputException("application '" + app.name() + "' is added twice");
        }
        putApplications(app.name(), app);
      }
      return this;
    }

    /**
     * Adds overlay formats, keyed by {@link OverlayFormat#id()}; a later one with the same id wins.
     */
    public Builder addOverlayFormats(OverlayFormat... formats) {
      return addOverlayFormats(List.of(formats));
    }

    /**
     * Adds overlay formats, keyed by {@link OverlayFormat#id()}; a later one with the same id wins.
     */
    public Builder addOverlayFormats(List<OverlayFormat> formats) {
      for (OverlayFormat f : formats) {
        putOverlayFormats(f.id(), f);
      }
      return this;
    }
  }
}
