package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.SafeText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Checks commit signatures against the OpenPGP public keys the configuration trusts (ASCII-armored
 * key files given in {@link dev.gitops.promotion.git.GitOptions#trustedKeys()}). A signature
 * verifies when it is an OpenPGP signature over the commit (its raw bytes without the {@code
 * gpgsig} header) made by one of those keys or their subkeys; the user's own keyrings are never
 * consulted, and nothing is fetched. Needs Bouncy Castle (promotion-git's optional OpenPGP
 * dependency); the classes are loaded only when trusted keys are configured.
 */
public final class SignatureCheck {
  private static final SignatureCheck NONE = new SignatureCheck(null);

  private final Keys keys; // null: no trusted keys

  private SignatureCheck(Keys keys) {
    this.keys = keys;
  }

  /** A check that trusts no key (signatures are noticed, never verified). */
  public static SignatureCheck none() {
    return NONE;
  }

  /**
   * A check that trusts the keys in {@code files}.
   *
   * @throws InvalidInputException when a file cannot be read or holds no OpenPGP public key, or
   *     Bouncy Castle is not on the class path
   */
  public static SignatureCheck trusting(List<Path> files) {
    if (files.isEmpty()) {
      return NONE;
    }
    try {
      Class.forName(
          "org.bouncycastle.openpgp.PGPPublicKeyRingCollection",
          false,
          SignatureCheck.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new InvalidInputException(
          "verifying commit signatures against trusted OpenPGP keys needs Bouncy Castle, an"
              + " optional dependency of promotion-git: add the Maven artifact "
              + OptionalDependencies.OPENPGP_ARTIFACT
              + " to your build");
    }
    return new SignatureCheck(Keys.read(files));
  }

  /** Whether {@code c} carries a signature of any kind. */
  public static boolean isSigned(RevCommit c) {
    return c.getRawGpgSignature() != null;
  }

  /**
   * The trusted key that signed {@code c} ({@code OpenPGP <fingerprint> (<user id>)}), when its
   * signature verifies against one.
   */
  public Optional<String> verifiedSigner(RevCommit c) {
    byte[] signature = c.getRawGpgSignature();
    if (keys == null || signature == null) {
      return Optional.empty();
    }
    String head = new String(signature, 0, Math.min(signature.length, 40), StandardCharsets.UTF_8);
    if (!head.startsWith("-----BEGIN PGP SIGNATURE")) {
      return Optional.empty(); // SSH or X.509 signatures are not checked against OpenPGP keys
    }
    return keys.verify(signature, signedPayload(c.getRawBuffer()));
  }

  /** The commit's raw bytes without the {@code gpgsig} header and its continuation lines. */
  static byte[] signedPayload(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    int i = 0;
    boolean inHeaders = true;
    boolean skipping = false;
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, raw.length);
      if (inHeaders) {
        if (end == i) {
          inHeaders = false; // the blank line before the message
          out.write(raw, i, next - i);
          i = next;
          continue;
        }
        if (skipping && raw[i] == ' ') {
          i = next;
          continue;
        }
        skipping = startsWith(raw, i, "gpgsig ");
        if (skipping) {
          i = next;
          continue;
        }
      }
      out.write(raw, i, next - i);
      i = next;
    }
    return out.toByteArray();
  }

  private static boolean startsWith(byte[] raw, int at, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (at + p.length > raw.length) {
      return false;
    }
    for (int k = 0; k < p.length; k++) {
      if (raw[at + k] != p[k]) {
        return false;
      }
    }
    return true;
  }

  /** The Bouncy Castle side, loaded only when keys are configured. */
  private static final class Keys {
    private final PGPPublicKeyRingCollection rings;

    private Keys(PGPPublicKeyRingCollection rings) {
      this.rings = rings;
    }

    static Keys read(List<Path> files) {
      List<PGPPublicKeyRing> all = new ArrayList<>();
      for (Path file : files) {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
          PGPPublicKeyRingCollection c =
              new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
          c.getKeyRings().forEachRemaining(all::add);
        } catch (IOException | PGPException | RuntimeException e) {
          throw new InvalidInputException(
              "trusted key file "
                  + SafeText.forDisplay(file.toString())
                  + " cannot be read as OpenPGP public keys: "
                  + SafeText.forDisplay(String.valueOf(e.getMessage())));
        }
      }
      if (all.isEmpty()) {
        throw new InvalidInputException(
            "the trusted key files " + files + " hold no OpenPGP public key");
      }
      return new Keys(new PGPPublicKeyRingCollection(all));
    }

    Optional<String> verify(byte[] armored, byte[] payload) {
      try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
        JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
        Object o = factory.nextObject();
        if (o instanceof PGPCompressedData cd) {
          o = new JcaPGPObjectFactory(cd.getDataStream()).nextObject();
        }
        if (!(o instanceof PGPSignatureList list)) {
          return Optional.empty();
        }
        for (Iterator<PGPSignature> it = list.iterator(); it.hasNext(); ) {
          PGPSignature s = it.next();
          PGPPublicKey key = rings.getPublicKey(s.getKeyID());
          if (key == null) {
            continue;
          }
          s.init(new JcaPGPContentVerifierBuilderProvider(), key);
          s.update(payload);
          if (s.verify()) {
            PGPPublicKey primary = rings.getPublicKeyRing(s.getKeyID()).getPublicKey();
            Iterator<String> ids = primary.getUserIDs();
            return Optional.of(
                "OpenPGP "
                    + HexFormat.of().withUpperCase().formatHex(primary.getFingerprint())
                    + (ids.hasNext() ? " (" + SafeText.forDisplay(ids.next()) + ")" : ""));
          }
        }
        return Optional.empty();
      } catch (IOException | PGPException | RuntimeException e) {
        return Optional.empty(); // a malformed signature verifies nothing
      }
    }
  }
}
