package dev.gitops.promotion.overlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of varied kustomization and Helm values files for the byte-preservation properties:
 * indentation, sequence style, comments, quoting, CRLF, BOM, flow and block collections, final
 * newline. Kept behind these small helpers so the property engine could be swapped.
 */
final class OverlayGenerators {
  private OverlayGenerators() {}

  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);

  static final List<String> NAMES =
      List.of("ghcr.io/o/api", "nginx", "localhost:5000/team/app", "redis", "api");
  static final List<String> NEW_NAMES =
      List.of("reg.example.com/mirror/api", "mirror/x", "ghcr.io/o/api");
  static final List<String> TAGS =
      List.of("v1", "sha-abc1234", "1.10", "3", "2024-01-01", "true", "latest", "1.2.3", "0x1F");
  static final List<String> DIGESTS = List.of(D1, D2);

  enum Quote {
    PLAIN,
    SINGLE,
    DOUBLE
  }

  private static final Set<String> WORDS =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "latest-not");

  /** What a test may write unquoted: starts with a letter and is no YAML keyword. */
  static boolean plainOk(String v) {
    return v.matches("[a-z][a-z0-9./:@_-]*") && !WORDS.contains(v) && !v.endsWith(":");
  }

  static String scalar(String value, Quote quote) {
    if (quote == Quote.PLAIN && plainOk(value)) {
      return value;
    }
    return quote == Quote.SINGLE ? "'" + value + "'" : "\"" + value + "\"";
  }

  // ---- kustomization files

  record EntrySpec(
      String name,
      Optional<String> newName,
      Optional<String> newTag,
      Optional<String> digest,
      Quote quote,
      boolean comment) {

    Map<String, Object> model() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      newName.ifPresent(v -> m.put("newName", v));
      newTag.ifPresent(v -> m.put("newTag", v));
      digest.ifPresent(v -> m.put("digest", v));
      return m;
    }

    KustomizeImage image() {
      return new KustomizeImage(name, newName, newTag, digest, Optional.empty());
    }
  }

  record KustomizationSpec(
      int indent,
      boolean indentedSequences,
      String newline,
      boolean bom,
      boolean finalNewline,
      boolean flowImages,
      boolean alphabetical,
      boolean comments,
      boolean hasImages,
      boolean imagesLast,
      List<EntrySpec> entries) {

    String render() {
      List<String> lines = new ArrayList<>();
      String seq = indentedSequences ? " ".repeat(indent) : "";
      if (comments) {
        lines.add("# overlay for one environment");
        lines.add("");
      }
      lines.add("apiVersion: kustomize.config.k8s.io/v1beta1");
      lines.add("kind: Kustomization");
      lines.add("resources:");
      lines.add(seq + "- ../../base" + (comments ? "   # the base" : ""));
      lines.add("commonLabels: {app: api, tier: \"backend\"}");
      if (hasImages && !imagesLast) {
        images(lines, seq);
      }
      lines.add("patches:");
      lines.add(seq + "- patch: |-");
      String body = seq + "  " + " ".repeat(indent);
      lines.add(body + "- op: replace");
      lines.add(body + "  path: /spec/replicas   # stays in the block");
      lines.add(body + "  value: 2");
      lines.add(seq + "  target:");
      lines.add(seq + "  " + " ".repeat(indent) + "kind: Deployment");
      if (comments) {
        lines.add("");
      }
      if (hasImages && imagesLast) {
        images(lines, seq);
      }
      return (bom ? "\uFEFF" : "") + String.join(newline, lines) + (finalNewline ? newline : "");
    }

    private void images(List<String> lines, String seq) {
      if (flowImages) {
        List<String> items = new ArrayList<>();
        for (EntrySpec e : entries) {
          items.add("{" + String.join(", ", fields(e)) + "}");
        }
        lines.add("images: [" + String.join(", ", items) + "]");
        return;
      }
      lines.add("images:" + (comments ? "   # pinned images" : ""));
      for (EntrySpec e : entries) {
        List<String> fields = fields(e);
        for (int i = 0; i < fields.size(); i++) {
          String prefix = i == 0 ? seq + "- " : seq + "  ";
          String comment = e.comment() && comments ? "  # " + fields.get(i).split(":")[0] : "";
          lines.add(prefix + fields.get(i) + comment);
        }
      }
    }

    private List<String> fields(EntrySpec e) {
      Map<String, String> fields = new LinkedHashMap<>();
      List<String> order =
          alphabetical
              ? List.of("digest", "name", "newName", "newTag")
              : List.of("name", "newName", "newTag", "digest");
      Map<String, Object> model = e.model();
      for (String key : order) {
        if (model.containsKey(key)) {
          fields.put(key, scalar((String) model.get(key), e.quote()));
        }
      }
      List<String> out = new ArrayList<>();
      fields.forEach((k, v) -> out.add(k + ": " + v));
      return out;
    }
  }

  static Arbitrary<Optional<String>> maybe(List<String> pool) {
    return Arbitraries.of(pool).optional(0.5);
  }

  static Arbitrary<EntrySpec> entries() {
    return Combinators.combine(
            Arbitraries.of(NAMES),
            maybe(NEW_NAMES),
            maybe(TAGS),
            maybe(DIGESTS),
            Arbitraries.of(Quote.class),
            Arbitraries.of(true, false))
        .as(EntrySpec::new);
  }

  static Arbitrary<KustomizationSpec> kustomizations() {
    Arbitrary<List<EntrySpec>> entries =
        entries().list().ofMinSize(1).ofMaxSize(4).uniqueElements(EntrySpec::name);
    Arbitrary<String> newline = Arbitraries.of("\n", "\r\n");
    return Combinators.combine(
            Arbitraries.of(2, 4),
            Arbitraries.of(true, false),
            newline,
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false), // flow images
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .flatAs(
            (indent, indented, nl, bom, finalNl, flow, alphabetical, comments) ->
                Combinators.combine(
                        Arbitraries.of(true, true, true, false),
                        Arbitraries.of(true, false),
                        entries)
                    .as(
                        (hasImages, last, list) ->
                            new KustomizationSpec(
                                indent,
                                indented,
                                nl,
                                bom,
                                finalNl,
                                flow,
                                alphabetical,
                                comments,
                                hasImages,
                                last,
                                list)));
  }

  static Arbitrary<KustomizeImageEdit.Field> field(List<String> pool) {
    return Arbitraries.oneOf(
        Arbitraries.just(KustomizeImageEdit.Field.keep()),
        Arbitraries.just(KustomizeImageEdit.Field.remove()),
        Arbitraries.of(pool).map(KustomizeImageEdit.Field::set));
  }

  static Arbitrary<KustomizeImageEdit> edits() {
    return Combinators.combine(Arbitraries.of(NAMES), field(NEW_NAMES), field(TAGS), field(DIGESTS))
        .as(KustomizeImageEdit::of);
  }

  // ---- Helm values files

  record ValuesSpec(
      int indent,
      String newline,
      boolean bom,
      boolean finalNewline,
      boolean comments,
      boolean digestKey,
      Quote quote,
      String tag,
      Optional<String> digest,
      boolean nested) {

    String path() {
      return nested ? "api.image" : "image";
    }

    String render() {
      String i1 = " ".repeat(indent);
      List<String> lines = new ArrayList<>();
      if (comments) {
        lines.add("# Default values for api.");
      }
      lines.add("replicaCount: 2");
      lines.add("labels: {team: payments, tier: 'backend'}");
      String pad = nested ? i1 : "";
      if (nested) {
        lines.add("api:");
      }
      lines.add(pad + "image:" + (comments ? "  # the image" : ""));
      lines.add(pad + i1 + "repository: " + scalar("ghcr.io/o/api", quote));
      lines.add(pad + i1 + "pullPolicy: IfNotPresent");
      if (comments) {
        lines.add(pad + i1 + "# Overrides the image tag whose default is the chart appVersion.");
      }
      String tagValue = digestKey ? tag : tag + digest.map(d -> "@" + d).orElse("");
      lines.add(pad + i1 + "tag: " + scalar(tagValue, quote) + (comments ? " # the tag" : ""));
      if (digestKey) {
        lines.add(pad + i1 + "digest: " + scalar(digest.orElse(""), quote));
      }
      if (comments) {
        lines.add("");
      }
      lines.add("resources:");
      lines.add(i1 + "limits:");
      lines.add(i1 + i1 + "cpu: 500m");
      lines.add("args:");
      lines.add("- --verbose");
      lines.add("- |");
      lines.add("  multi line");
      lines.add("  block");
      return (bom ? "\uFEFF" : "") + String.join(newline, lines) + (finalNewline ? newline : "");
    }
  }

  static Arbitrary<ValuesSpec> values() {
    return Combinators.combine(
            Arbitraries.of(2, 4),
            Arbitraries.of("\n", "\r\n"),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(Quote.class),
            Arbitraries.of("v1", "1.10", "sha-abc", "2.0.0"))
        .flatAs(
            (indent, nl, bom, finalNl, comments, digestKey, quote, tag) ->
                Combinators.combine(maybe(DIGESTS), Arbitraries.of(true, false))
                    .as(
                        (digest, nested) ->
                            new ValuesSpec(
                                indent, nl, bom, finalNl, comments, digestKey, quote, tag, digest,
                                nested)));
  }
}
