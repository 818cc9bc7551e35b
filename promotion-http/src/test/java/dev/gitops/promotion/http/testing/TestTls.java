package dev.gitops.promotion.http.testing;

import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A certificate authority and a server certificate it signed, for HTTPS against MockWebServer in
 * the HTTP adapters' tests (promotion-http's test jar; its users declare okhttp-tls).
 */
public final class TestTls {
  /**
   * The certificate authority ({@code cluster-ca}) that signs the server and client certificates.
   */
  public static final HeldCertificate CA =
      new HeldCertificate.Builder().commonName("cluster-ca").certificateAuthority(0).build();

  /**
   * The server's certificate, for {@code localhost} and {@code 127.0.0.1}, signed by {@link #CA}.
   */
  public static final HeldCertificate SERVER =
      new HeldCertificate.Builder()
          .commonName("apiserver")
          .addSubjectAlternativeName("localhost")
          .addSubjectAlternativeName("127.0.0.1")
          .signedBy(CA)
          .build();

  private TestTls() {}

  /**
   * Makes {@code server} serve HTTPS with {@link #SERVER}, trusting client certificates that {@link
   * #CA} signed (ask for them with {@code requestClientAuth()} or {@code requireClientAuth()}).
   */
  public static void serveHttps(MockWebServer server) {
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(SERVER)
            .addTrustedCertificate(CA.certificate())
            .build()
            .sslSocketFactory());
  }
}
