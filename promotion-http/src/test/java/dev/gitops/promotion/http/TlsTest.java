package dev.gitops.promotion.http;

import static dev.gitops.promotion.http.Fakes.json;
import static dev.gitops.promotion.http.testing.MockHttp.take;
import static dev.gitops.promotion.http.testing.TestTls.CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.RemoteUnavailableException;
import dev.gitops.promotion.http.internal.KeyPems;
import dev.gitops.promotion.http.testing.TestTls;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kubeconfig-style set-up against a TLS MockWebServer that requires a client certificate: a CA
 * bundle from PEM, a client certificate with its key in each PEM form. Certificates are made at
 * test time.
 */
class TlsTest {
  static final HeldCertificate OTHER_CA =
      new HeldCertificate.Builder().commonName("other-ca").certificateAuthority(0).build();

  final MockWebServer server = new MockWebServer();
  final Fakes fakes = new Fakes();

  @BeforeEach
  void start() throws Exception {
    TestTls.serveHttps(server);
    server.requireClientAuth();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void callsWithClientKey(HeldCertificate client, Function<HeldCertificate, String> keyPem)
      throws Exception {
    server.enqueue(json(200, "{\"kind\":\"Kustomization\"}"));
    RestClient k8s =
        fakes
            .client(server)
            .trustedCertificatesPem(OTHER_CA.certificatePem() + CA.certificatePem())
            .clientCertificatePem(client.certificatePem(), keyPem.apply(client))
            .build();

    HttpResponse r =
        k8s.execute(
            HttpRequest.get()
                .path("/apis/kustomize.toolkit.fluxcd.io/v1")
                .segments("namespaces", "flux-system", "kustomizations", "apps")
                .build());

    assertThat(r.text()).contains("Kustomization");
    RecordedRequest seen = take(server);
    assertThat(seen.getHandshake()).isNotNull();
    X509Certificate presented = (X509Certificate) seen.getHandshake().peerCertificates().get(0);
    assertThat(presented).isEqualTo(client.certificate());
  }

  private static HeldCertificate client(boolean rsa) {
    HeldCertificate.Builder b =
        new HeldCertificate.Builder().commonName("system:admin").signedBy(CA);
    return (rsa ? b.rsa2048() : b.ecdsa256()).build();
  }

  @Test
  void anEcClientKeyInPkcs8() throws Exception {
    callsWithClientKey(client(false), HeldCertificate::privateKeyPkcs8Pem);
  }

  @Test
  void anEcClientKeyInSec1() throws Exception {
    callsWithClientKey(client(false), h -> KeyPems.sec1Pem(h.keyPair().getPrivate(), true));
  }

  @Test
  void anRsaClientKeyInPkcs1() throws Exception {
    callsWithClientKey(client(true), HeldCertificate::privateKeyPkcs1Pem);
  }

  @Test
  void anRsaClientKeyInPkcs8() throws Exception {
    callsWithClientKey(client(true), HeldCertificate::privateKeyPkcs8Pem);
  }

  @Test
  void aClientKeyOfAnotherCertificateIsRefusedAtBuildTime() {
    RestClient.Builder b =
        fakes
            .client(server)
            .trustedCertificatesPem(CA.certificatePem())
            .clientCertificatePem(
                client(false).certificatePem(), client(false).privateKeyPkcs8Pem());

    assertThatThrownBy(b::build)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not belong to the client certificate");
  }

  @Test
  void anUntrustedServerCertificateIsATypedNonRetryableError() {
    HeldCertificate client = client(false);
    RestClient k8s =
        fakes
            .client(server)
            .trustedCertificatesPem(OTHER_CA.certificatePem())
            .clientCertificatePem(client.certificatePem(), client.privateKeyPkcs8Pem())
            .build();

    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> k8s.execute(HttpRequest.get().path("api").build()));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("not trusted").contains("trustedCertificatesPem");
    assertThat(fakes.slept).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theJdkTrustStoreDoesNotKnowTheClusterCa() {
    RestClient plain = fakes.client(server).build();
    RemoteUnavailableException e =
        catchThrowableOfType(
            RemoteUnavailableException.class,
            () -> plain.execute(HttpRequest.get().path("api").build()));
    assertThat(e.isRetryable()).isFalse();
  }
}
