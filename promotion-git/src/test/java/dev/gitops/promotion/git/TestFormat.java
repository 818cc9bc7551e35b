package dev.gitops.promotion.git;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small kustomization reader and writer for this module's tests: the {@code images:} entry whose
 * {@code name} is the selected image, with {@code newName}, {@code newTag} and {@code digest}.
 */
public final class TestFormat implements OverlayFormat {

  @Override
  public String id() {
    return "kustomize";
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    List<String> lines = List.of(file.content().split("\n", -1));
    int at = find(lines, selector.imageName());
    if (at < 0) {
      return Optional.empty();
    }
    String name = selector.imageName();
    String tag = null;
    String digest = null;
    for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("    "); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith("newName:")) {
        name = value(l);
      } else if (l.startsWith("newTag:")) {
        tag = value(l);
      } else if (l.startsWith("digest:")) {
        digest = value(l);
      }
    }
    if (tag == null && digest == null) {
      return Optional.empty();
    }
    return Optional.of(
        ImageReference.parse(
            name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest)));
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    List<String> lines = new ArrayList<>(List.of(file.content().split("\n", -1)));
    int at = find(lines, selector.imageName());
    List<String> fields = new ArrayList<>();
    image.tag().ifPresent(t -> fields.add("    newTag: \"" + t + "\""));
    image.digest().ifPresent(d -> fields.add("    digest: " + d));
    if (at < 0) {
      int end = lines.size();
      while (end > 0 && lines.get(end - 1).isEmpty()) {
        end--;
      }
      List<String> add = new ArrayList<>();
      if (!lines.contains("images:")) {
        add.add("images:");
      }
      add.add("  - name: " + selector.imageName());
      add.addAll(fields);
      lines.addAll(end, add);
      return String.join("\n", lines);
    }
    int i = at + 1;
    while (i < lines.size() && lines.get(i).startsWith("    ")) {
      String l = lines.get(i).strip();
      if (l.startsWith("newTag:") || l.startsWith("digest:")) {
        lines.remove(i);
      } else {
        i++;
      }
    }
    lines.addAll(i, fields);
    return String.join("\n", lines);
  }

  private static int find(List<String> lines, String imageName) {
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith("- name:") && value(l.substring(2)).equals(imageName)) {
        return i;
      }
    }
    return -1;
  }

  private static String value(String line) {
    String v = line.substring(line.indexOf(':') + 1).strip();
    if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
      v = v.substring(1, v.length() - 1);
    }
    return v;
  }
}
