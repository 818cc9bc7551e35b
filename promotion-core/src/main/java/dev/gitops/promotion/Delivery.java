package dev.gitops.promotion;

/** How a promotion reaches an environment's desired state. */
public enum Delivery {
  /** A commit straight onto the environment's branch (the seed's dev: CI commits, no human). */
  DIRECT_COMMIT,
  /** A branch plus a pull/merge request, merged when the environment's gates pass. */
  CHANGE_REQUEST
}
