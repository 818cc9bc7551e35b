package dev.gitops.promotion;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A deployable application: its image repository, where each environment sets its image, and the
 * applications it depends on (promoted in an earlier wave when they move together).
 *
 * <pre>{@code
 * Application api = Application.builder()
 *     .name("api-service")
 *     .imageRepository("ghcr.io/myorg/api-service")
 *     .putLocations("dev", OverlayLocation.seedLayout("api-service", "dev"))
 *     .putLocations("staging", OverlayLocation.seedLayout("api-service", "staging"))
 *     .addDependsOn("payments")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class Application {

  /** The application's name. */
  public abstract String name();

  /**
   * The image repository as the overlays name it, without tag or digest, for example {@code
   * ghcr.io/myorg/api-service}. For kustomize this is the {@code images[].name} to match.
   */
  public abstract String imageRepository();

  /** Per environment name: where the image is set. */
  public abstract Map<String, OverlayLocation> locations();

  /** Names of applications that must be promoted before this one when they move together. */
  public abstract List<String> dependsOn();

  /** The image repository, parsed. */
  @Value.Lazy
  public ImageReference image() {
    return ImageReference.parse(imageRepository());
  }

  /** Where the image is set in {@code environment}, if this application is deployed there. */
  public Optional<OverlayLocation> location(String environment) {
    return Optional.ofNullable(locations().get(environment));
  }

  @Value.Check
  void check() {
    Names.check("application", name());
    ImageReference ref;
    try {
      ref = ImageReference.parse(imageRepository());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "application '" + name() + "' has an invalid image repository: " + e.getMessage(),
          null,
          e);
    }
    if (ref.tag().isPresent() || ref.digest().isPresent()) {
      throw new InvalidInputException(
          "application '"
              + name()
              + "' image repository '"
              + imageRepository()
              + "' must not carry a tag or digest; use '"
              + ref.name()
              + "'");
    }
    if (dependsOn().contains(name())) {
      throw new InvalidInputException("application '" + name() + "' depends on itself");
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Application}. */
  public static final class Builder extends ImmutableApplication.Builder {
    Builder() {}
  }
}
