package dev.gitops.promotion.gates;

import dev.gitops.promotion.Gate;
import dev.gitops.promotion.GateContext;
import java.util.List;

/**
 * A gate that waits for people: besides its verdict it can say who still has to approve, for
 * explanations ({@link dev.gitops.promotion.Promoter#explain}).
 */
public interface ApprovalGate extends Gate {

  /**
   * Who still has to approve for this gate to pass, one entry per missing approval kind (such as
   * <code>&#64;org/qa</code>, or {@code 1 more reviewer}); empty when nobody.
   */
  List<String> stillNeeded(GateContext context);
}
