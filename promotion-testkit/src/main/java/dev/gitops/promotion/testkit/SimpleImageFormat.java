package dev.gitops.promotion.testkit;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import dev.gitops.promotion.spi.OverlayFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small, strict, line-based overlay format for simulations, so scenarios run without YAML
 * libraries. <b>A simulation aid, not a deployment format</b>: real overlays (kustomize, Helm) live
 * in promotion-overlays.
 *
 * <p>Its id is {@value #ID}. A file holds, one per line:
 *
 * <ul>
 *   <li>{@code image: <reference>} (the key at the start of the line, one or more spaces, then an
 *       image reference; trailing spaces are allowed),
 *   <li>comments starting with {@code #} (after optional spaces),
 *   <li>blank lines.
 * </ul>
 *
 * <pre>
 * # api-service in staging
 * image: ghcr.io/myorg/api-service@sha256:0f4c...
 * </pre>
 *
 * <p>An image is selected by repository ({@link ImageReference#sameRepository}). Any other line, an
 * unparsable reference, two lines for the same repository or selector options are refused with
 * {@link InvalidInputException} naming {@code file:line:col}. Writing replaces only the reference
 * on the selected line; a file that sets no image for the repository gets a new line at the end, in
 * the file's line-ending style. Stateless and thread-safe; passes {@link OverlayFormatContract}.
 */
public final class SimpleImageFormat implements OverlayFormat {

  /** The format id, for {@link dev.gitops.promotion.OverlayLocation#format()}. */
  public static final String ID = "simple";

  private static final String KEY = "image:";

  private static final SimpleImageFormat INSTANCE = new SimpleImageFormat();

  // Parsed references by text: the format is pure, so memoizing parses is safe. Bounded.
  private static final int CACHE_LIMIT = 4096;
  private static final Map<String, ImageReference> PARSED = new ConcurrentHashMap<>();

  private SimpleImageFormat() {}

  /** The format (it has no state). */
  public static SimpleImageFormat create() {
    return INSTANCE;
  }

  /** The content of a file that sets {@code image}, with a comment line naming it. */
  public static String fileFor(String comment, ImageReference image) {
    return "# " + comment.replace('\n', ' ') + "\n" + KEY + " " + image + "\n";
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<ImageReference> readImage(OverlayFile file, ImageSelector selector) {
    return find(file, selector).map(Match::image);
  }

  @Override
  public String writeImage(OverlayFile file, ImageSelector selector, ImageReference image) {
    ImageReference wanted = selected(file, selector);
    if (!image.sameRepository(wanted)) {
      throw new InvalidInputException(
          "cannot set image '"
              + image
              + "' for selector '"
              + selector.imageName()
              + "': it is another repository",
          file.path(),
          null);
    }
    Optional<Match> match = find(file, selector);
    String content = file.content();
    if (match.isPresent()) {
      Match m = match.get();
      return content.substring(0, m.start()) + image + content.substring(m.end());
    }
    String eol = content.contains("\r\n") ? "\r\n" : "\n";
    String sep = content.isEmpty() || content.endsWith("\n") ? "" : eol;
    return content + sep + KEY + " " + image + eol;
  }

  @Override
  public String toString() {
    return "SimpleImageFormat[" + ID + "]";
  }

  private record Match(ImageReference image, int start, int end) {}

  private static ImageReference selected(OverlayFile file, ImageSelector selector) {
    if (!selector.options().isEmpty()) {
      throw new InvalidInputException(
          "the simple format takes no options, got " + selector.options().keySet(),
          file.path(),
          null);
    }
    Optional<ImageReference> ref = Optional.ofNullable(parse(selector.imageName()));
    if (ref.isEmpty()) {
      throw new InvalidInputException(
          "selector '" + selector.imageName() + "' is not an image repository", file.path(), null);
    }
    return ref.get();
  }

  private static Optional<Match> find(OverlayFile file, ImageSelector selector) {
    ImageReference wanted = selected(file, selector);
    String content = file.content();
    if (content.startsWith("\uFEFF")) {
      throw new InvalidInputException(
          "a byte order mark is not allowed in the simple format", file.path() + ":1:1", null);
    }
    Match found = null;
    int lineNo = 0;
    int pos = 0;
    while (pos < content.length()) {
      lineNo++;
      int nl = content.indexOf('\n', pos);
      int lineEnd = nl < 0 ? content.length() : nl;
      int next = nl < 0 ? content.length() : nl + 1;
      if (lineEnd > pos && content.charAt(lineEnd - 1) == '\r') {
        lineEnd--;
      }
      String line = content.substring(pos, lineEnd);
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        pos = next;
        continue;
      }
      if (!line.startsWith(KEY)) {
        throw new InvalidInputException(
            "expected 'image: <reference>', a '#' comment or a blank line",
            file.path() + ":" + lineNo + ":1",
            null);
      }
      int refStart = KEY.length();
      while (refStart < line.length() && line.charAt(refStart) == ' ') {
        refStart++;
      }
      if (refStart == KEY.length() || refStart == line.length()) {
        throw new InvalidInputException(
            "expected a space and an image reference after 'image:'",
            file.path() + ":" + lineNo + ":" + (KEY.length() + 1),
            null);
      }
      int refEnd = line.length();
      while (refEnd > refStart && line.charAt(refEnd - 1) == ' ') {
        refEnd--;
      }
      String text = line.substring(refStart, refEnd);
      ImageReference ref = parse(text);
      if (ref == null) {
        try {
          ImageReference.parse(text);
        } catch (InvalidInputException e) {
          throw new InvalidInputException(
              e.getMessage(), file.path() + ":" + lineNo + ":" + (refStart + 1), e);
        }
      }
      if (ref.sameRepository(wanted)) {
        if (found != null) {
          throw new InvalidInputException(
              "a second line sets " + wanted.name() + "; the simple format allows one per file",
              file.path() + ":" + lineNo + ":1",
              null);
        }
        found = new Match(ref, pos + refStart, pos + refEnd);
      }
      pos = next;
    }
    return Optional.ofNullable(found);
  }

  // The reference, or null when the text is not one.
  private static ImageReference parse(String text) {
    ImageReference cached = PARSED.get(text);
    if (cached != null) {
      return cached;
    }
    Optional<ImageReference> ref = ImageReference.tryParse(text);
    if (ref.isPresent()) {
      if (PARSED.size() >= CACHE_LIMIT) {
        PARSED.clear();
      }
      PARSED.put(text, ref.get());
    }
    return ref.orElse(null);
  }
}
