package dev.gitops.promotion.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** PEM keys and certificates read with the JDK only; keys generated at test time. */
class PemTest {
  static final KeyPair RSA = generate("RSA", null);
  static final KeyPair EC = generate("EC", "secp256r1");
  static final KeyPair EC384 = generate("EC", "secp384r1");

  static KeyPair generate(String algorithm, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        g.initialize(new ECGenParameterSpec(curve));
      } else if (algorithm.equals("RSA")) {
        g.initialize(2048);
      }
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static PrivateKey read(String pem) {
    return Pem.privateKey(pem, "the test key");
  }

  @Test
  void pkcs8KeysOfEveryAlgorithm() {
    KeyPair ed = generate("Ed25519", null);
    for (KeyPair kp : List.of(RSA, EC, EC384, ed)) {
      PrivateKey k = read(KeyPems.pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
      assertThat(k.getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    }
  }

  @Test
  void pkcs1RsaKeysAreWrapped() {
    PrivateKey k = read(KeyPems.pkcs1Pem(RSA.getPrivate()));
    assertThat(k.getAlgorithm()).isEqualTo("RSA");
    assertThat(k.getEncoded()).isEqualTo(RSA.getPrivate().getEncoded());
  }

  @Test
  void sec1EcKeysAreWrappedWithTheirCurve() {
    for (KeyPair kp : List.of(EC, EC384)) {
      PrivateKey inside = read(KeyPems.sec1Pem(kp.getPrivate(), true));
      PrivateKey separate = read(KeyPems.sec1Pem(kp.getPrivate(), false));
      assertThat(inside.getAlgorithm()).isEqualTo("EC");
      assertThat(((java.security.interfaces.ECPrivateKey) inside).getS())
          .isEqualTo(((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS());
      assertThat(((java.security.interfaces.ECPrivateKey) separate).getParams().getCurve())
          .isEqualTo(
              ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getParams().getCurve());
    }
  }

  @Test
  void aSec1KeyWithoutCurveIsRefused() {
    assertThatThrownBy(() -> read(KeyPems.sec1PemWithoutCurve(EC.getPrivate())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("names no named curve");
  }

  @Test
  void heldCertificatePemsAgree() {
    HeldCertificate held = new HeldCertificate.Builder().rsa2048().build();
    assertThat(read(held.privateKeyPkcs1Pem()).getEncoded())
        .isEqualTo(held.keyPair().getPrivate().getEncoded());
    assertThat(read(held.privateKeyPkcs8Pem()).getEncoded())
        .isEqualTo(held.keyPair().getPrivate().getEncoded());
  }

  @Test
  void encryptedKeysAreRefused() {
    assertThatThrownBy(() -> read(KeyPems.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0})))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("encrypted");
    String legacy =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
            + "-----END RSA PRIVATE KEY-----\n";
    assertThatThrownBy(() -> read(legacy))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("encrypted");
  }

  @Test
  void brokenKeysAreRefusedWithoutQuotingThem() {
    String body = Base64.getEncoder().encodeToString(new byte[] {0x30, 0x10, 0x02, 0x01});
    assertThatThrownBy(
            () -> read("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not well-formed DER")
        .hasMessageNotContaining(body);
    assertThatThrownBy(
            () -> read("-----BEGIN PRIVATE KEY-----\n!!notbase64!!\n-----END PRIVATE KEY-----"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> read("just text"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("holds no PRIVATE KEY");
    byte[] dsaLike =
        Der.encode(
            Der.SEQUENCE,
            new byte[] {2, 1, 0},
            Der.encode(
                Der.SEQUENCE,
                Der.encode(Der.OID, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x38, 4, 1})),
            Der.encode(Der.OCTET_STRING, new byte[] {2, 1, 1}));
    assertThatThrownBy(() -> read(KeyPems.pem("PRIVATE KEY", dsaLike)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported key algorithm");
  }

  @Test
  void aBundleOfCertificatesWithTextBetween() {
    HeldCertificate a =
        new HeldCertificate.Builder().commonName("ca-a").certificateAuthority(0).build();
    HeldCertificate b =
        new HeldCertificate.Builder().commonName("ca-b").certificateAuthority(0).build();
    String bundle = "# cluster CA\n" + a.certificatePem() + "\nsome comment\n" + b.certificatePem();

    List<X509Certificate> certs = Pem.certificates(bundle, "the bundle");

    assertThat(certs)
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=ca-a", "CN=ca-b");
  }

  @Test
  void aBundleWithoutCertificatesOrWithABrokenOneIsRefused() {
    assertThatThrownBy(() -> Pem.certificates("LS0tLS1CRUdJTi...", "the CA bundle"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("decode kubeconfig *-data fields from base64 first");
    assertThatThrownBy(
            () ->
                Pem.certificates(
                    KeyPems.pem("CERTIFICATE", new byte[] {0x30, 3, 1, 2, 3}), "the CA bundle"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("certificate 1 of the CA bundle");
  }

  @Test
  void aKeyThatDoesNotBelongToTheCertificateIsRefused() {
    HeldCertificate held = new HeldCertificate.Builder().commonName("client").build();
    assertThatThrownBy(() -> Tls.checkPair(held.certificate(), EC.getPrivate()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not belong to the client certificate (subject CN=client)");
    Tls.checkPair(held.certificate(), held.keyPair().getPrivate());
  }

  @Property(tries = 200)
  void derElementsRoundTrip(
      @ForAll @IntRange(min = 0, max = 0x1e) int tag, @ForAll @Size(max = 70_000) byte[] content) {
    byte[] encoded = Der.encode(tag, content);
    Der.Tlv read = Der.readWhole(encoded);
    assertThat(read.tag()).isEqualTo(tag);
    assertThat(read.content()).isEqualTo(content);
    assertThat(read.encoded()).isEqualTo(encoded);
  }

  @Property(tries = 25)
  void sec1WrapsGiveTheSameKeysBack(@ForAll boolean curveInside) {
    KeyPair kp = generate("EC", "secp256r1");
    var original = (java.security.interfaces.ECPrivateKey) kp.getPrivate();
    var read = (java.security.interfaces.ECPrivateKey) read(KeyPems.sec1Pem(original, curveInside));
    assertThat(read.getS()).isEqualTo(original.getS());
    assertThat(read.getParams().getCurve()).isEqualTo(original.getParams().getCurve());
    Tls.checkPair(new HeldCertificate.Builder().keyPair(kp).build().certificate(), read);
  }
}
