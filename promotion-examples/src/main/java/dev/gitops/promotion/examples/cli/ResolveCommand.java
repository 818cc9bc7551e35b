package dev.gitops.promotion.examples.cli;

import dev.gitops.promotion.ImageReference;
import dev.gitops.promotion.registry.CosignVerifier;
import dev.gitops.promotion.registry.OciRegistry;
import dev.gitops.promotion.registry.SignatureCheck;
import dev.gitops.promotion.registry.TrustedKey;
import dev.gitops.promotion.spi.ResolvedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code resolve}: a tag resolved to its digest at the registry, and optionally its cosign-style
 * signature checked against public keys.
 */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = {
      "Resolve an image tag to its digest at the registry (anonymous, or with the logins of the"
          + " Docker config.json), and check its signature with --verify-key.",
      "Examples:",
      "  resolve ghcr.io/myorg/api-service:v1.4.2",
      "  resolve ghcr.io/myorg/api-service:v1.4.2 --verify-key cosign.pub --format json"
    })
public final class ResolveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "repo:tag or repo@sha256:...")
  String image;

  @Option(
      names = "--verify-key",
      paramLabel = "KEY",
      description =
          "A public key (PEM, like cosign.pub) whose signature the digest must carry; repeat for"
              + " several (any one suffices). Exit code 3 when none signed it.")
  List<Path> keys = new ArrayList<>();

  @Mixin FormatOption output = new FormatOption();

  private final Supplier<OciRegistry> registry;

  /** A command that uses this machine's Docker config and the system clock. */
  public ResolveCommand() {
    this(() -> Registries.standalone(Clock.systemUTC()));
  }

  /** A command using {@code registry} (tests point it at a local registry). */
  public ResolveCommand(Supplier<OciRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() {
    PrintWriter out = Terminal.out(spec);
    PrintWriter err = Terminal.err(spec);
    return CliErrors.run(
        err,
        () -> {
          ImageReference ref = ImageReference.parse(image);
          List<TrustedKey> trusted = new ArrayList<>();
          for (Path k : keys) {
            trusted.add(TrustedKey.load(k.getFileName().toString().replaceFirst("\\.pub$", ""), k));
          }
          OciRegistry client = registry.get();
          ResolvedImage resolved = client.resolve(ref);
          Optional<SignatureCheck> check =
              trusted.isEmpty()
                  ? Optional.empty()
                  : Optional.of(new CosignVerifier(client).verify(resolved.pinned(), trusted));
          if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("image", ref.toString());
            json.put("digest", resolved.digest().toString());
            json.put("pinned", resolved.pinned().toString());
            json.put("mediaType", resolved.mediaType());
            json.put("index", resolved.isIndex());
            check.ifPresent(
                c -> {
                  Map<String, Object> sig = new LinkedHashMap<>();
                  sig.put("verified", c.verified());
                  sig.put("signedBy", c.signedBy().map(TrustedKey::name).orElse(null));
                  sig.put("signatures", c.signatureReference());
                  sig.put("findings", c.findings());
                  json.put("signature", sig);
                });
            out.println(Json.write(json));
          } else {
            Table t = new Table("IMAGE", "DIGEST", "KIND", "SIGNATURE");
            t.row(
                ref.toString(),
                resolved.digest().toString(),
                resolved.isIndex() ? "index" : "image",
                check
                    .map(
                        c ->
                            c.verified()
                                ? "signed by " + c.signedBy().orElseThrow().name()
                                : "NOT signed by a trusted key")
                    .orElse("-"));
            out.print(t.render());
            check.filter(c -> !c.verified()).ifPresent(c -> err.println(c.summary()));
          }
          out.flush();
          return check.isPresent() && !check.get().verified() ? CliErrors.REFUSED : CliErrors.OK;
        });
  }
}
