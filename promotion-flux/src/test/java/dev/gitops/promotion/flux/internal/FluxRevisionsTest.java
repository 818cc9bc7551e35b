package dev.gitops.promotion.flux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Revision strings as Flux writes them, parsed as fluxcd/pkg does. */
class FluxRevisionsTest {
  static final String SHA = "450796ddb2ab6724ee1cc32a4be56da032d1cca0";

  @Test
  void theHashIsAfterTheLastColonAndThePointerBeforeTheLastAt() {
    assertThat(FluxRevisions.hash("main@sha1:" + SHA)).contains(SHA);
    assertThat(FluxRevisions.pointer("main@sha1:" + SHA)).contains("main");
    assertThat(FluxRevisions.hash("feature/x@sha1:" + SHA)).contains(SHA);
    assertThat(FluxRevisions.pointer("feature/x@sha1:" + SHA)).contains("feature/x");
    assertThat(FluxRevisions.pointer("v1.0.1@sha1:" + SHA)).contains("v1.0.1");
    assertThat(FluxRevisions.hash("a@b@sha1:" + SHA)).contains(SHA);
    assertThat(FluxRevisions.pointer("a@b@sha1:" + SHA)).contains("a@b");
  }

  @Test
  void aCommitAloneAndOtherAlgorithms() {
    assertThat(FluxRevisions.hash("sha1:" + SHA)).contains(SHA);
    assertThat(FluxRevisions.pointer("sha1:" + SHA)).isEmpty();
    assertThat(FluxRevisions.hash("sha256:abc123def4567")).contains("abc123def4567");
  }

  @Test
  void theLegacyFormOfFluxBeforeTwo() {
    assertThat(FluxRevisions.hash("main/" + SHA)).contains(SHA);
    assertThat(FluxRevisions.pointer("main/" + SHA)).contains("main");
    assertThat(FluxRevisions.hash("feature/x/" + SHA)).contains(SHA);
    assertThat(FluxRevisions.pointer("feature/x/" + SHA)).contains("feature/x");
  }

  @Test
  void nothingToParse() {
    assertThat(FluxRevisions.hash("")).isEmpty();
    assertThat(FluxRevisions.hash(null)).isEmpty();
    assertThat(FluxRevisions.hash("main")).isEmpty();
    assertThat(FluxRevisions.hash("main@sha1:")).isEmpty();
    assertThat(FluxRevisions.hash(SHA)).contains(SHA);
  }
}
