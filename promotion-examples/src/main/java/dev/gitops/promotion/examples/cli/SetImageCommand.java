package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.ImageDigest;
import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.overlay.ArgoCdSourceFiles;
import dev.gitops.promotion.overlay.AtomicFileWriter;
import dev.gitops.promotion.overlay.EditResult;
import dev.gitops.promotion.overlay.FluxSetters;
import dev.gitops.promotion.overlay.FormatDetector;
import dev.gitops.promotion.overlay.HelmImageKeys;
import dev.gitops.promotion.overlay.HelmValues;
import dev.gitops.promotion.overlay.KustomizeImageEdit;
import dev.gitops.promotion.overlay.KustomizeImages;
import dev.gitops.promotion.overlay.ManifestImages;
import dev.gitops.promotion.overlay.OverlayFormats;
import dev.gitops.promotion.overlay.UnifiedDiff;
import dev.gitops.promotion.spi.ImageSelector;
import dev.gitops.promotion.spi.OverlayFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code set-image}: sets an image in one overlay file in place, changing only the bytes of the
 * values that change (comments, order, quoting, line endings stay).
 *
 * <pre>
 * promotion set-image --file apps/api/overlays/dev/kustomization.yaml ghcr.io/myorg/api@sha256:...
 * promotion set-image --file charts/api/values.yaml --key api.image ghcr.io/myorg/api:1.4.2
 * promotion set-image --file deploy.yaml --policy flux-system:api=ghcr.io/myorg/api:1.4.2
 * </pre>
 */
@Command(
    name = "set-image",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Set an image in one overlay file, in place, changing only the bytes of the values that change.",
      "",
      "IMAGE takes the forms of 'kustomize edit set image': name:tag, name@digest,",
      "name:tag@digest, name=newName[:tag][@digest], name= (reset), and * to keep a field",
      "(name=*:*@sha256:... keeps name and tag and sets the digest)."
    },
    footer = {
      "",
      "Exit codes: 0 done (also when nothing changed), 2 bad arguments or input, 1 anything else."
    })
public final class SetImageCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--file", required = true, paramLabel = "PATH", description = "The file to edit.")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "kustomize, helm, manifest, flux or argocd-image-updater (default: from the file name"
              + " and content; flux when --policy is given).")
  String format;

  @Option(
      names = "--dry-run",
      description = "Print a unified diff of the edit instead of writing the file.")
  boolean dryRun;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "helm: the values path of the image, e.g. image or api.image (default: image).")
  String key;

  @Option(
      names = "--create-key",
      description =
          "helm: create the values at --key when the file has none (default: refuse, since a"
              + " mistyped key would set a value the chart never reads).")
  boolean createKey;

  @Option(
      names = "--shape",
      paramLabel = "SHAPE",
      description =
          "helm: auto, standard, bitnami, tag-digest or string (default: auto, from the file).")
  String shape;

  @Option(
      names = "--policy",
      paramLabel = "NS:NAME=IMAGE",
      description = "flux: set the markers of an image policy to IMAGE (repeatable).")
  List<String> policies = new ArrayList<>();

  @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "The images to set.")
  List<String> images = new ArrayList<>();

  /** A set-image command. */
  public SetImageCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    PrintWriter err = Terminal.err(spec);
    return CliErrors.run(
        err,
        () -> {
          // arguments first, as kustomize does: nothing is read when they are wrong
          List<KustomizeImageEdit> edits = new ArrayList<>();
          for (String image : images) {
            edits.add(checked(image, KustomizeImageEdit.parse(image)));
          }
          Map<String, ImageReference> byPolicy = policies();
          Path target = target(file);
          String content = read(target);
          String path = file.toString();
          String id = format(path, content);
          checkOptions(id, edits);
          OverlayFile overlay = new OverlayFile(path, content);
          EditResult result = edit(id, overlay, edits, byPolicy);
          if (!result.changed()) {
            out.println("no change: " + path + " already sets that (format " + id + ")");
            out.flush();
            return CliErrors.OK;
          }
          if (dryRun) {
            String name = file.isAbsolute() ? path : null;
            out.print(
                UnifiedDiff.of(
                    name != null ? name : "a/" + path,
                    name != null ? name : "b/" + path,
                    result.original(),
                    result.content(),
                    3));
            out.flush();
            return CliErrors.OK;
          }
          AtomicFileWriter.write(target, result.content()); // a link's target, never the link
          out.println(
              "updated "
                  + path
                  + " ("
                  + id
                  + "): "
                  + result.changes().size()
                  + (result.changes().size() == 1 ? " value" : " values")
                  + " changed");
          for (EditResult.Change c : result.changes()) {
            out.println("  " + c);
          }
          out.flush();
          return CliErrors.OK;
        });
  }

  /**
   * Checks an image argument with the grammar {@code promote} uses: the name is an image repository
   * (not a URL, no credentials), the tag and digest are valid (algorithm, hex length and case, tag
   * length and first character). Nothing is read or written before.
   */
  static KustomizeImageEdit checked(String arg, KustomizeImageEdit e) {
    String name = e.newName().value().orElse(e.name());
    for (String n : List.of(e.name(), name)) {
      if (n.contains("://") || n.contains("@")) {
        throw new InvalidInputException(
            "invalid image argument '"
                + arg
                + "': '"
                + n
                + "' is not an image repository (a URL or credentials are not part of one)");
      }
    }
    e.digest().value().ifPresent(ImageDigest::parse);
    if (e.newTag().value().isPresent() || e.digest().value().isPresent()) {
      ImageReference.parse(
          name
              + e.newTag().value().map(t -> ":" + t).orElse("")
              + e.digest().value().map(d -> "@" + d).orElse(""));
    }
    return e;
  }

  /**
   * The file to read and write: {@code file} itself, or the target of a symbolic link when that
   * target lies inside the same Git work tree as the link (never outside it).
   */
  static Path target(Path file) {
    if (!Files.isSymbolicLink(file)) {
      return file;
    }
    Path link = file.toAbsolutePath().normalize();
    Path root = link.getParent();
    while (root != null && !Files.exists(root.resolve(".git"))) {
      root = root.getParent();
    }
    try {
      Path real = link.toRealPath();
      if (root == null || !real.startsWith(root.toRealPath())) {
        throw new InvalidInputException(
            file
                + " is a symbolic link to "
                + real
                + ", outside the repository"
                + (root == null ? "" : " " + root)
                + "; set-image edits link targets only inside the repository. Nothing was"
                + " written");
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + " is a symbolic link whose target does not exist");
    } catch (IOException e) {
      throw new InvalidInputException("cannot follow the symbolic link " + file + ": " + e);
    }
  }

  private Map<String, ImageReference> policies() {
    Map<String, ImageReference> byPolicy = new LinkedHashMap<>();
    for (String p : policies) {
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new InvalidInputException(
            "--policy '"
                + p
                + "' must be NAMESPACE:NAME=IMAGE, e.g. flux-system:api=ghcr.io/o/api:1.2");
      }
      String policy = FluxSetters.checkPolicy(p.substring(0, eq));
      byPolicy.put(policy, ImageReference.parse(p.substring(eq + 1)));
    }
    return byPolicy;
  }

  private static String read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (AccessDeniedException e) {
      throw new InvalidInputException("cannot read " + file + ": permission denied");
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new InvalidInputException(file + " is a directory; give the file to edit");
      }
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(file + " is not UTF-8 text");
    }
  }

  private String format(String path, String content) {
    if (format != null) {
      OverlayFormats.byId(format); // validates the id
      return format;
    }
    if (!policies.isEmpty()) {
      return OverlayFormats.FLUX;
    }
    return FormatDetector.detect(path, content)
        .map(FormatDetector.Detection::format)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "cannot tell the format of "
                        + path
                        + "; give --format kustomize, helm, manifest, flux or argocd-image-updater"));
  }

  private void checkOptions(String id, List<KustomizeImageEdit> edits) {
    if (id.equals(OverlayFormats.FLUX)) {
      if (policies.isEmpty()) {
        throw new InvalidInputException(
            "the flux format needs --policy NAMESPACE:NAME=IMAGE (the policy named in the markers)");
      }
      if (!edits.isEmpty()) {
        throw new InvalidInputException(
            "the flux format takes images only through --policy NAMESPACE:NAME=IMAGE");
      }
    } else {
      if (!policies.isEmpty()) {
        throw new InvalidInputException("--policy is for the flux format, not " + id);
      }
      if (edits.isEmpty()) {
        throw new InvalidInputException("no image specified");
      }
    }
    if (!id.equals(OverlayFormats.HELM) && (key != null || shape != null)) {
      throw new InvalidInputException("--key and --shape are for the helm format, not " + id);
    }
    if (id.equals(OverlayFormats.HELM) && edits.size() > 1) {
      throw new InvalidInputException(
          "the helm format sets one image per call (the one at --key); got " + edits.size());
    }
  }

  private EditResult edit(
      String id,
      OverlayFile overlay,
      List<KustomizeImageEdit> edits,
      Map<String, ImageReference> byPolicy) {
    switch (id) {
      case OverlayFormats.KUSTOMIZE:
        return KustomizeImages.apply(overlay, edits);
      case OverlayFormats.MANIFEST:
        return ManifestImages.apply(overlay, edits.toArray(KustomizeImageEdit[]::new));
      case OverlayFormats.HELM:
        {
          Map<String, String> options = new LinkedHashMap<>();
          options.put(HelmImageKeys.KEY, key == null ? "image" : key);
          if (shape != null) {
            options.put(HelmImageKeys.SHAPE, shape);
          }
          HelmImageKeys keys = HelmImageKeys.fromOptions(options);
          if (!createKey && HelmValues.read(overlay, keys).isEmpty()) {
            throw new InvalidInputException(
                overlay.path()
                    + " sets no image at --key "
                    + options.get(HelmImageKeys.KEY)
                    + "; a mistyped key would create a value the chart never reads. Check the"
                    + " key, or pass --create-key to create it. Nothing was written");
          }
          return HelmValues.apply(overlay, keys, edits.get(0));
        }
      case OverlayFormats.FLUX:
        {
          EditResult r = FluxSetters.apply(overlay, byPolicy);
          var found = FluxSetters.markers(overlay);
          for (String policy : byPolicy.keySet()) {
            if (found.stream().noneMatch(m -> m.policy().equals(policy))) {
              throw new InvalidInputException(
                  overlay.path() + " has no {\"$imagepolicy\": \"" + policy + "...\"} marker");
            }
          }
          return r;
        }
      default:
        {
          String content = overlay.content();
          List<EditResult.Change> changes = new ArrayList<>();
          for (KustomizeImageEdit e : edits) {
            EditResult step =
                ArgoCdSourceFiles.set(
                    new OverlayFile(overlay.path(), content),
                    ImageSelector.of(e.name()),
                    ImageReference.parse(fullImage(e)));
            content = step.content();
            changes.addAll(step.changes());
          }
          return new EditResult(overlay.path(), overlay.content(), content, changes);
        }
    }
  }

  private static String fullImage(KustomizeImageEdit e) {
    if (e.newName().action() == KustomizeImageEdit.Field.Action.KEEP
        || e.newTag().action() == KustomizeImageEdit.Field.Action.KEEP
        || e.digest().action() == KustomizeImageEdit.Field.Action.KEEP) {
      throw new InvalidInputException(
          "'" + e + "': the argocd-image-updater format takes full images, without '*'");
    }
    return e.newName().value().orElse(e.name())
        + e.newTag().value().map(t -> ":" + t).orElse("")
        + e.digest().value().map(d -> "@" + d).orElse("");
  }
}
