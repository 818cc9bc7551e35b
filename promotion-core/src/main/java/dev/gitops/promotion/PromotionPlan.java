package dev.gitops.promotion;

import dev.gitops.promotion.spi.FileEdit;
import dev.gitops.promotion.spi.Revision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * What a promotion will do, computed without writing anything: the base revision it was planned on,
 * the file edits, the delivery, the commit message with its trailers, the change request's branch,
 * title and body, and the gates that apply. Print it for a dry run; hand it to {@link
 * Promoter#execute(PromotionPlan)} to deliver it.
 *
 * <p>Planning is deterministic: the same request over the same repository state gives an equal
 * plan. A plan whose images are already in place {@link #isEmpty() is empty}.
 */
@Value.Immutable
public abstract class PromotionPlan {

  /** The request this plan answers. */
  public abstract PromotionRequest request();

  /** The target environment. */
  public abstract Environment environment();

  /** The environment's branch head the plan was computed on; delivery compares and swaps on it. */
  public abstract Revision baseRevision();

  /** The edits, in wave order. Empty when everything is already in place. */
  public abstract List<PlannedEdit> edits();

  /** Applications in dependency order: each wave only depends on earlier waves. */
  public abstract List<List<String>> waves();

  /** Applications of the request whose image is already in place. */
  public abstract List<String> alreadyInPlace();

  /** How the plan will be delivered. */
  public abstract Delivery delivery();

  /** The commit message, with trailers. */
  public abstract CommitMessage commitMessage();

  /** The promotion's own branch, used for change-request delivery. */
  public abstract String changeRequestBranch();

  /** The change request's title. */
  public abstract String changeRequestTitle();

  /** The change request's body. */
  public abstract String changeRequestBody();

  /** The names of the gates that must pass. */
  public abstract List<String> gates();

  /**
   * Files regenerated with the promotion from the state it creates, such as {@code versions.json}
   * and {@code VERSIONS.md} (see {@link dev.gitops.promotion.spi.StateFiles}); empty unless the
   * promoter has a state-file renderer.
   */
  public abstract List<FileEdit> generatedFiles();

  /** Things worth knowing before delivering, for example edits that reach other environments. */
  public abstract List<String> warnings();

  /** Whether there is nothing to do. */
  public boolean isEmpty() {
    return edits().isEmpty();
  }

  /** The promotion's stable id. */
  public String id() {
    return request().promotionId();
  }

  /**
   * The files to write: the final content of every edited overlay, in first-edit order, then the
   * {@link #generatedFiles()}.
   */
  public List<FileEdit> fileEdits() {
    Map<String, String> finalContent = new LinkedHashMap<>();
    for (PlannedEdit e : edits()) {
      finalContent.put(e.location().path(), e.after());
    }
    for (FileEdit f : generatedFiles()) {
      finalContent.put(f.path(), f.content());
    }
    return finalContent.entrySet().stream()
        .map(en -> new FileEdit(en.getKey(), en.getValue()))
        .toList();
  }

  /** A human-readable summary: what moves where, how, and the message. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("promotion ")
        .append(id())
        .append(" into ")
        .append(environment().name())
        .append(" (")
        .append(delivery())
        .append(", base ")
        .append(baseRevision().abbreviated())
        .append(")\n");
    if (isEmpty()) {
      sb.append("  nothing to do: ")
          .append(String.join(", ", alreadyInPlace()))
          .append(" already in place\n");
      return sb.toString();
    }
    for (PlannedEdit e : edits()) {
      sb.append("  ")
          .append(e.application())
          .append(": ")
          .append(e.fromImage().map(ImageReference::toString).orElse("(none)"))
          .append(" -> ")
          .append(e.toImage())
          .append("  [")
          .append(e.location().path())
          .append("]\n");
    }
    if (!gates().isEmpty()) {
      sb.append("  gates: ").append(String.join(", ", gates())).append('\n');
    }
    for (String w : warnings()) {
      sb.append("  warning: ").append(w).append('\n');
    }
    if (delivery() == Delivery.CHANGE_REQUEST) {
      sb.append("  branch: ").append(changeRequestBranch()).append('\n');
    }
    sb.append('\n').append(commitMessage().render());
    return sb.toString();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PromotionPlan}. */
  public static final class Builder extends ImmutablePromotionPlan.Builder {
    Builder() {}
  }
}
