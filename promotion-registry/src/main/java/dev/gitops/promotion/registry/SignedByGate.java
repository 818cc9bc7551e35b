package dev.gitops.promotion.registry;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.PlannedEdit;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code signed-by} gate: every image a promotion sets must be pinned by digest and carry a
 * valid cosign-style signature from one of the trusted keys (the seed's "only what CI built may
 * enter"). A digest without such a signature fails the gate; a registry that cannot be reached
 * makes it wait (the next evaluation asks again).
 *
 * <pre>{@code
 * Gate signed = SignedByGate.of(new CosignVerifier(registry), List.of(TrustedKey.load("ci", pub)));
 * // in promotion.yaml, with the gate registered as GateFactory.builtIn().with("signed-by", ...):
 * //   gates: [{name: signed-by, keys: [keys/ci.pub]}]
 * }</pre>
 */
public final class SignedByGate implements Gate {
  /** The name the pipeline file uses. */
  public static final String NAME = "signed-by";

  private final CosignVerifier verifier;
  private final List<TrustedKey> keys;

  private SignedByGate(CosignVerifier verifier, List<TrustedKey> keys) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.keys = List.copyOf(keys);
    if (this.keys.isEmpty()) {
      throw new InvalidInputException("the signed-by gate needs at least one trusted key");
    }
  }

  /**
   * The gate trusting {@code keys}.
   *
   * @throws InvalidInputException when no key is given
   */
  public static SignedByGate of(CosignVerifier verifier, List<TrustedKey> keys) {
    return new SignedByGate(verifier, keys);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict evaluate(GateContext context) {
    List<String> passed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (PlannedEdit edit : context.plan().edits()) {
      ImageReference image = edit.toImage();
      if (image.digest().isEmpty()) {
        failed.add(
            edit.application()
                + ": "
                + image
                + " is not pinned by digest; only a digest can be checked for a signature");
        continue;
      }
      try {
        SignatureCheck check = verifier.verify(image, keys);
        (check.verified() ? passed : failed).add(edit.application() + ": " + check.summary());
      } catch (RemoteUnavailableException e) {
        return Verdict.waiting(
            edit.application()
                + ": the signature of "
                + image
                + " cannot be read now: "
                + e.getMessage());
      } catch (InvalidInputException e) {
        failed.add(edit.application() + ": " + e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      return new Verdict(Verdict.Status.FAIL, failed, java.util.Optional.empty());
    }
    if (passed.isEmpty()) {
      return Verdict.pass("no image to check");
    }
    return new Verdict(Verdict.Status.PASS, passed, java.util.Optional.empty());
  }

  @Override
  public String toString() {
    return NAME + " " + keys;
  }
}
