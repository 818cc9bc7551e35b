package dev.gitops.promotion.gitlab;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-gitlab is the one committed in api/promotion-gitlab.txt (see
 * ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(GitLabHost.class, "promotion-gitlab");
  }
}
