/** A simulated GitHub REST API over a real bare Git repository, for tests. */
package dev.gitops.promotion.github.sim;
