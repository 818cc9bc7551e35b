package dev.gitops.promotion;

import dev.gitops.promotion.selection.TagPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One stage of a pipeline, such as dev, staging or production: how promotions reach it, which gates
 * guard it, and what it demands of an image.
 *
 * <pre>{@code
 * Environment staging = Environment.builder()
 *     .name("staging")
 *     .delivery(Delivery.CHANGE_REQUEST)
 *     .addGates(requiredCheck("smoke-tests"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class Environment {

  /** How strictly the provenance rule looks at the upstream environment. */
  public enum Provenance {
    /** The digest must be what every upstream environment runs now. */
    CURRENT,
    /** The digest must be, or have been, what every upstream environment runs. */
    CURRENT_OR_PAST
  }

  /** The environment's name: lowercase letters, digits, '.', '_' and '-'. */
  public abstract String name();

  /** How promotions reach this environment; a change request unless said otherwise. */
  @Value.Default
  public Delivery delivery() {
    return Delivery.CHANGE_REQUEST;
  }

  /** Whether only images pinned by digest may enter; true unless said otherwise. */
  @Value.Default
  public boolean requireDigest() {
    return true;
  }

  /**
   * Whether this is a production environment, which a bot never writes to directly. By default true
   * for the names {@code prod} and {@code production} and those starting with {@code prod-} or
   * {@code production-}.
   */
  @Value.Default
  public boolean production() {
    String n = name().toLowerCase(Locale.ROOT);
    return n.equals("prod")
        || n.equals("production")
        || n.startsWith("prod-")
        || n.startsWith("production-");
  }

  /** The config-repository branch that holds this environment's desired state. */
  @Value.Default
  public String branch() {
    return "main";
  }

  /** How the provenance rule treats the upstream environments. */
  @Value.Default
  public Provenance provenance() {
    return Provenance.CURRENT;
  }

  /** The gates a promotion must pass before it lands here, all of them. */
  public abstract List<Gate> gates();

  /**
   * The tag policy under which {@link Promoter#autoPromote} may pick new builds for this
   * environment by itself (like Flux's {@code ImagePolicy}); empty when every promotion here is
   * asked for. A production environment never has one.
   */
  public abstract Optional<TagPolicy> autoPromotion();

  @Value.Check
  void check() {
    Names.check("environment", name());
    if (autoPromotion().isPresent() && production()) {
      throw new InvalidInputException(
          "environment '"
              + name()
              + "' is production and cannot promote automatically; production stays behind its"
              + " human gate");
    }
    BranchNames.problem(branch())
        .ifPresent(
            problem -> {
              throw new InvalidInputException(
                  "environment '"
                      + name()
                      + "' has an invalid branch name '"
                      + SafeText.escapeControls(branch())
                      + "': "
                      + problem);
            });
  }

  /** An environment with the defaults and the given delivery. */
  public static Environment of(String name, Delivery delivery) {
    return builder().name(name).delivery(delivery).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return name();
  }

  /** Builds an {@link Environment}. */
  public static final class Builder extends ImmutableEnvironment.Builder {
    Builder() {}
  }
}
