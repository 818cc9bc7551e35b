package dev.gitops.promotion.git.config;

import dev.gitops.promotion.Gate;

/**
 * Turns the gates named in a pipeline file into running {@link Gate}s, for {@link
 * PromotionConfig#pipeline(GateFactory)}.
 */
@FunctionalInterface
public interface GateFactory {

  /**
   * The gate for {@code spec} in {@code environment}.
   *
   * @throws dev.gitops.promotion.InvalidInputException naming {@link GateSpec#location()} when the
   *     factory cannot build this gate
   */
  Gate create(String environment, GateSpec spec);
}
