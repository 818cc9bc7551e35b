package dev.gitops.promotion.git;

import dev.gitops.promotion.apilisting.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of promotion-git is the one committed in api/promotion-git.txt (see ApiListing).
 */
class ApiListingTest {
  @Test
  void thePublicApiIsTheCommittedOne() {
    ApiListing.verify(GitOptions.class, "promotion-git");
  }
}
