package dev.gitops.promotion.gates;

import dev.gitops.promotion.Environment;
import dev.gitops.promotion.GateContext;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.PromotionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pairs of upstream environment and application a promotion is judged on: every application of
 * the request in every upstream environment of the target where the ledger has a record for it.
 *
 * @param environment the upstream environment
 * @param application the application
 * @param wanted the image being promoted
 * @param record what the upstream runs now, per the ledger
 */
record Upstreams(
    String environment, String application, ImageReference wanted, PromotionRecord record) {

  static List<Upstreams> of(GateContext context) {
    List<Upstreams> out = new ArrayList<>();
    for (Environment upstream : context.pipeline().upstreams(context.environment().name())) {
      for (Map.Entry<String, ImageReference> e : context.plan().request().images().entrySet()) {
        Optional<PromotionRecord> r = context.upstreamRecord(upstream.name(), e.getKey());
        r.ifPresent(rec -> out.add(new Upstreams(upstream.name(), e.getKey(), e.getValue(), rec)));
      }
    }
    return out;
  }

  /** Whether the upstream runs the wanted digest now. */
  boolean runsWanted() {
    return wanted.digest().isPresent() && record.image().digest().equals(wanted.digest());
  }

  /** {@code api-service in staging}. */
  String where() {
    return application + " in " + environment;
  }

  /** The short form of the wanted image's digest (or tag). */
  String wantedShort() {
    return wanted.digest().map(d -> d.shortForm()).orElse(wanted.toString());
  }

  /** The short form of what the upstream runs. */
  String runningShort() {
    return record.image().digest().map(d -> d.shortForm()).orElse(record.image().toString());
  }
}
