package dev.gitops.promotion.github;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-github is the one committed in api/promotion-github.txt (see
 * ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(GitHubHost.class, "promotion-github");
  }
}
