package dev.gitops.promotion.argocd;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-argocd is the one committed in api/promotion-argocd.txt (see
 * ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(ArgoCdAgent.class, "promotion-argocd");
  }
}
