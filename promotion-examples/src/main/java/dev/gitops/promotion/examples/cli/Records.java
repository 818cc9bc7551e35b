package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.Pipeline;
import dev.gitops.promotion.PromotionRecord;
import dev.gitops.promotion.SafeText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the CLI shows ledger records: as a table, or as JSON objects. */
final class Records {
  private Records() {}

  /** The state table: one row per application and environment, in pipeline order. */
  static String stateTable(List<PromotionRecord> records, Pipeline pipeline) {
    Table t =
        new Table(
            "APP",
            "ENVIRONMENT",
            "IMAGE",
            "DIGEST",
            "COMMIT",
            "PROMOTED BY",
            "COMMIT AUTHOR",
            "TRUST",
            "TIME");
    List<PromotionRecord> rows = sorted(records, pipeline);
    for (PromotionRecord r : rows) {
      t.row(
          r.application(),
          r.environment(),
          r.image().name(),
          version(r.image()),
          r.commit().abbreviated(),
          r.promotedBy(),
          author(r),
          trust(r),
          r.time().toString());
    }
    return t.isEmpty()
        ? "no application has an image in any environment yet\n"
        : t.render() + trustNotes(rows);
  }

  /** The history table of one application in one environment, newest first. */
  static String historyTable(List<PromotionRecord> records) {
    Table t =
        new Table(
            "COMMIT",
            "TIME",
            "DIGEST",
            "PROMOTED BY",
            "COMMIT AUTHOR",
            "TRUST",
            "FROM",
            "APPROVED BY");
    for (PromotionRecord r : records) {
      t.row(
          r.commit().abbreviated(),
          r.time().toString(),
          version(r.image()),
          r.promotedBy(),
          author(r),
          trust(r),
          r.promotedFrom().map(Records::shortFrom).orElse("-"),
          r.approvals().isEmpty() ? "-" : String.join(", ", r.approvals()));
    }
    return t.isEmpty() ? "no image was ever set\n" : t.render() + trustNotes(records);
  }

  /** The commit author, or {@code (same)} when it is the claimed promoter. */
  static String author(PromotionRecord r) {
    return r.promoterIsAuthor() && r.author().equals(r.promotedBy()) ? "(same)" : r.author();
  }

  /**
   * The trust cell: {@code verified (signature|host merge|author)}, {@code claimed}, or {@code
   * MISMATCH} when the claimed promoter is not the commit author and nothing verifies the claim.
   */
  static String trust(PromotionRecord r) {
    if (r.trust() == PromotionRecord.Trust.VERIFIED) {
      return switch (r.evidence()) {
        case SIGNATURE -> "verified (signature)";
        case HOST_MERGE -> "verified (host merge)";
        case COMMIT_AUTHOR -> "verified (author)";
        case NONE -> "verified";
      };
    }
    return r.promoterIsAuthor() ? "claimed" : "MISMATCH";
  }

  /** One line per record that is not verified, naming why (the reason is escaped). */
  static String trustNotes(List<PromotionRecord> records) {
    StringBuilder sb = new StringBuilder();
    for (PromotionRecord r : records) {
      if (r.trust() != PromotionRecord.Trust.VERIFIED) {
        sb.append(
            SafeText.forDisplay(
                "! "
                    + r.commit().abbreviated()
                    + " ("
                    + r.application()
                    + " in "
                    + r.environment()
                    + "): "
                    + trust(r)
                    + ": "
                    + r.trustReason()));
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** Records as JSON objects (see docs/cli.md for the fields). */
  static List<Map<String, Object>> json(List<PromotionRecord> records) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PromotionRecord r : records) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("app", r.application());
      m.put("environment", r.environment());
      m.put("image", r.image().toString());
      m.put("repository", r.image().name());
      m.put("digest", r.image().digest().map(Object::toString).orElse(null));
      m.put("tag", r.image().tag().orElse(null));
      m.put("commit", r.commit().id());
      m.put("promotedBy", r.promotedBy());
      m.put("author", r.author());
      m.put("committer", r.committer());
      m.put("promoterIsAuthor", r.promoterIsAuthor());
      m.put("trust", r.trust().name().toLowerCase(java.util.Locale.ROOT));
      m.put("evidence", r.evidence().name().toLowerCase(java.util.Locale.ROOT));
      m.put("trustReason", r.trustReason());
      m.put("time", r.time().toString());
      m.put("promotedFrom", r.promotedFrom().orElse(null));
      m.put("promotionId", r.promotionId().orElse(null));
      m.put("approvals", List.copyOf(r.approvals()));
      m.put("problem", null);
      out.add(m);
    }
    return out;
  }

  /**
   * A JSON object in the place of a record that could not be read: the same fields as a record, all
   * null (no digest, no commit) but {@code app}, {@code environment} (null when the whole
   * application was left out) and {@code problem}, the reason; {@code approvals} empty.
   */
  static Map<String, Object> problem(String app, String environment, String problem) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("app", app);
    m.put("environment", environment);
    for (String key :
        List.of(
            "image",
            "repository",
            "digest",
            "tag",
            "commit",
            "promotedBy",
            "author",
            "committer",
            "promoterIsAuthor",
            "trust",
            "evidence",
            "trustReason",
            "time",
            "promotedFrom",
            "promotionId")) {
      m.put(key, null);
    }
    m.put("approvals", List.of());
    m.put("problem", problem);
    return m;
  }

  static List<PromotionRecord> sorted(List<PromotionRecord> records, Pipeline pipeline) {
    return records.stream()
        .sorted(
            Comparator.comparing(PromotionRecord::application)
                .thenComparing(r -> pipeline.indexOf(r.environment())))
        .toList();
  }

  /** The digest in its short form, or the tag when the image is not pinned. */
  static String version(ImageReference image) {
    return image
        .digest()
        .map(d -> d.shortForm())
        .orElse(image.tag().map(t -> "tag " + t).orElse("latest"));
  }

  private static String shortFrom(String from) {
    int at = from.indexOf('@');
    return at < 0 || from.length() < at + 8 ? from : from.substring(0, at + 8);
  }
}
