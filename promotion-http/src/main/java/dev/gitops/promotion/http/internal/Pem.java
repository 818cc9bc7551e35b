package dev.gitops.promotion.http.internal;

import dev.gitops.promotion.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys with the JDK only. Private keys may be PKCS#8 ({@code PRIVATE
 * KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, with an optional {@code
 * EC PARAMETERS} block); the last two are wrapped into PKCS#8 here. Encrypted keys are refused.
 * Messages never quote key material.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  // content octets of the algorithm OIDs
  private static final String RSA = "2a864886f70d010101";
  private static final String RSA_PSS = "2a864886f70d01010a";
  private static final String EC = "2a8648ce3d0201";
  private static final Map<String, String> ALGORITHMS =
      Map.of(RSA, "RSA", RSA_PSS, "RSASSA-PSS", EC, "EC", "2b6570", "Ed25519", "2b6571", "Ed448");
  private static final byte[] RSA_ALGORITHM_ID =
      Der.encode(
          Der.SEQUENCE, Der.encode(Der.OID, HexFormat.of().parseHex(RSA)), Der.encode(Der.NULL));
  private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};

  private Pem() {}

  private record Block(String label, String headers, byte[] der) {}

  /**
   * Every {@code CERTIFICATE} block of {@code pem}, in order.
   *
   * @param what what the PEM is, for messages ("the CA bundle")
   */
  public static List<X509Certificate> certificates(String pem, String what) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      int index = 0;
      for (Block b : blocks(pem, what)) {
        if (!b.label().equals("CERTIFICATE")) {
          continue;
        }
        index++;
        try {
          out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
        } catch (CertificateException e) {
          throw new InvalidInputException(
              "certificate " + index + " of " + what + " is not a valid X.509 certificate");
        }
      }
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(
          what
              + " holds no '-----BEGIN CERTIFICATE-----' block; pass the PEM text (decode"
              + " kubeconfig *-data fields from base64 first)");
    }
    return out;
  }

  /**
   * The private key in {@code pem}.
   *
   * @param what what the PEM is, for messages ("the client private key")
   */
  public static PrivateKey privateKey(String pem, String what) {
    List<Block> blocks = blocks(pem, what);
    Optional<byte[]> ecParameters =
        blocks.stream().filter(b -> b.label().equals("EC PARAMETERS")).map(Block::der).findFirst();
    for (Block b : blocks) {
      if (b.headers().contains("ENCRYPTED") || b.label().equals("ENCRYPTED PRIVATE KEY")) {
        throw new InvalidInputException(
            what + " is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)");
      }
      try {
        switch (b.label()) {
          case "PRIVATE KEY":
            return pkcs8(b.der(), what);
          case "RSA PRIVATE KEY":
            Der.readWhole(b.der());
            return pkcs8(
                Der.encode(Der.SEQUENCE, VERSION_0, RSA_ALGORITHM_ID, octets(b.der())), what);
          case "EC PRIVATE KEY":
            return pkcs8(wrapSec1(b.der(), ecParameters, what), what);
          default:
            break;
        }
      } catch (IllegalArgumentException malformed) {
        throw new InvalidInputException(
            what + " (" + b.label() + ") is not well-formed DER: " + malformed.getMessage());
      }
    }
    throw new InvalidInputException(
        what
            + " holds no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block; pass the PEM text"
            + " (decode kubeconfig client-key-data from base64 first)");
  }

  private static PrivateKey pkcs8(byte[] der, String what) {
    // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { OID, params }, OCTET STRING }
    List<Der.Tlv> fields = Der.readWhole(der).children();
    if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE) {
      throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
    }
    List<Der.Tlv> algorithmId = fields.get(1).children();
    if (algorithmId.isEmpty() || algorithmId.get(0).tag() != Der.OID) {
      throw new IllegalArgumentException("no algorithm identifier");
    }
    String oid = HexFormat.of().formatHex(algorithmId.get(0).content());
    String algorithm = ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new InvalidInputException(
          what
              + " uses an unsupported key algorithm (OID bytes "
              + oid
              + "); use RSA, EC or Ed25519");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(what + " is not a valid " + algorithm + " private key");
    }
  }

  // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OID, [1] pub }
  private static byte[] wrapSec1(byte[] sec1, Optional<byte[]> ecParameters, String what) {
    List<Der.Tlv> fields = Der.readWhole(sec1).children();
    if (fields.size() < 2 || fields.get(1).tag() != Der.OCTET_STRING) {
      throw new IllegalArgumentException("not a SEC1 ECPrivateKey");
    }
    byte[] curve = null;
    for (Der.Tlv f : fields) {
      if (f.tag() == Der.CONTEXT_0) {
        Der.Tlv inner = Der.readWhole(f.content());
        if (inner.tag() == Der.OID) {
          curve = inner.encoded();
        }
      }
    }
    if (curve == null && ecParameters.isPresent()) {
      Der.Tlv p = Der.readWhole(ecParameters.get());
      if (p.tag() == Der.OID) {
        curve = p.encoded();
      }
    }
    if (curve == null) {
      throw new InvalidInputException(
          what + " names no named curve; export it with its parameters or as PKCS#8");
    }
    byte[] algorithmId =
        Der.encode(Der.SEQUENCE, Der.encode(Der.OID, HexFormat.of().parseHex(EC)), curve);
    return Der.encode(Der.SEQUENCE, VERSION_0, algorithmId, octets(sec1));
  }

  private static byte[] octets(byte[] content) {
    return Der.encode(Der.OCTET_STRING, content);
  }

  private static List<Block> blocks(String pem, String what) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem == null ? "" : pem);
    while (m.find()) {
      String body = m.group(2);
      StringBuilder headers = new StringBuilder();
      StringBuilder base64 = new StringBuilder();
      for (String line : body.split("\\R")) {
        if (line.contains(":")) {
          headers.append(line).append('\n');
        } else {
          base64.append(line.strip());
        }
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(base64.toString());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "a " + m.group(1) + " block of " + what + " is not valid base64");
      }
      out.add(new Block(m.group(1), headers.toString(), der));
    }
    return out;
  }
}
