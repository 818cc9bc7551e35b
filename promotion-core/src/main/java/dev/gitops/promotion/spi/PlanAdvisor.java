package dev.gitops.promotion.spi;

import dev.gitops.promotion.PromotionModel;
import dev.gitops.promotion.PromotionPlan;
import java.util.List;

/**
 * Looks at a plan before it is delivered and says what a person should know, for example that an
 * edited overlay is also included by another environment's overlay (promotion-git's blast-radius
 * advisor). Warnings are added to {@link PromotionPlan#warnings()}; they never stop a promotion.
 */
@FunctionalInterface
public interface PlanAdvisor {

  /**
   * Warnings about {@code plan} of {@code model}, read from {@code repository} (the target
   * environment's).
   */
  List<String> warnings(PromotionModel model, PromotionPlan plan, ConfigRepository repository);
}
