package dev.gitops.promotion.http.internal;

import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

/** Builds PKCS#1 and SEC1 PEM from keys the JDK generated, as openssl would write them. */
public final class KeyPems {
  private KeyPems() {}

  /** A PEM block with 64-character lines. */
  public static String pem(String label, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
  }

  /** {@code RSA PRIVATE KEY}: the key inside the JDK's PKCS#8 encoding. */
  public static String pkcs1Pem(PrivateKey rsa) {
    return pem("RSA PRIVATE KEY", inner(rsa));
  }

  /**
   * {@code EC PRIVATE KEY}, with the curve inside as {@code [0]}, or else in a separate {@code EC
   * PARAMETERS} block before it (as {@code openssl ecparam -genkey} writes).
   */
  public static String sec1Pem(PrivateKey ec, boolean curveInside) {
    byte[] sec1 = inner(ec);
    byte[] curve = curve(ec);
    if (!curveInside) {
      return pem("EC PARAMETERS", curve) + pem("EC PRIVATE KEY", stripParameters(sec1));
    }
    List<Der.Tlv> fields = Der.readWhole(sec1).children();
    return pem(
        "EC PRIVATE KEY",
        Der.encode(
            Der.SEQUENCE,
            fields.get(0).encoded(),
            fields.get(1).encoded(),
            Der.encode(Der.CONTEXT_0, curve)));
  }

  /** {@code EC PRIVATE KEY} without any curve: unusable on purpose. */
  public static String sec1PemWithoutCurve(PrivateKey ec) {
    return pem("EC PRIVATE KEY", stripParameters(inner(ec)));
  }

  private static byte[] stripParameters(byte[] sec1) {
    List<Der.Tlv> fields = Der.readWhole(sec1).children();
    return Der.encode(Der.SEQUENCE, fields.get(0).encoded(), fields.get(1).encoded());
  }

  private static byte[] inner(PrivateKey key) {
    return Der.readWhole(key.getEncoded()).children().get(2).content();
  }

  private static byte[] curve(PrivateKey ec) {
    return Der.readWhole(ec.getEncoded()).children().get(1).children().get(1).encoded();
  }
}
