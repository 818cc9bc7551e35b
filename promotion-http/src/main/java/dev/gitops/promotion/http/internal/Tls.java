package dev.gitops.promotion.http.internal;

import dev.gitops.promotion.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS set-up from PEM: the CA certificates to trust (instead of the JDK's) and a client identity.
 * Verification is never switched off: the server's chain must lead to a trusted certificate and its
 * name must match the host.
 */
public final class Tls {
  private static final char[] NO_PASSWORD = new char[0];

  private Tls() {}

  /** The socket factory and the trust manager OkHttp needs. */
  public record Setup(SSLSocketFactory socketFactory, X509TrustManager trustManager) {}

  /**
   * @param trustedPem CA certificates to trust instead of the JDK's trust store, when present
   * @param clientCertificatePem the client certificate chain (leaf first), when present
   * @param clientKeyPem the client's private key, present exactly when the chain is
   */
  public static Setup of(
      Optional<String> trustedPem,
      Optional<String> clientCertificatePem,
      Optional<String> clientKeyPem) {
    try {
      X509TrustManager trust = trustManager(trustedPem);
      KeyManager[] keys = null;
      if (clientCertificatePem.isPresent()) {
        keys = keyManagers(clientCertificatePem.get(), clientKeyPem.orElseThrow());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return new Setup(context.getSocketFactory(), trust);
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          "cannot set up TLS from the given PEM: " + e.getClass().getSimpleName());
    }
  }

  private static X509TrustManager trustManager(Optional<String> trustedPem)
      throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (trustedPem.isPresent()) {
      KeyStore store = emptyStore();
      List<X509Certificate> certs =
          Pem.certificates(trustedPem.get(), "the trusted CA certificates");
      for (int i = 0; i < certs.size(); i++) {
        store.setCertificateEntry("ca-" + i, certs.get(i));
      }
      tmf.init(store);
    } else {
      tmf.init((KeyStore) null);
    }
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static KeyManager[] keyManagers(String certificatePem, String keyPem)
      throws GeneralSecurityException {
    List<X509Certificate> chain = Pem.certificates(certificatePem, "the client certificate");
    PrivateKey key = Pem.privateKey(keyPem, "the client private key");
    checkPair(chain.get(0), key);
    KeyStore store = emptyStore();
    store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, NO_PASSWORD);
    return kmf.getKeyManagers();
  }

  /** Refuses a key that does not belong to the certificate, which TLS would report obscurely. */
  static void checkPair(X509Certificate certificate, PrivateKey key) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException mismatch) {
      // a key of another algorithm than the certificate's also lands here
    }
    throw new InvalidInputException(
        "the client private key does not belong to the client certificate (subject "
            + certificate.getSubjectX500Principal().getName()
            + "); pass the key the certificate was issued for");
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("cannot create an in-memory key store", e);
    }
    return store;
  }
}
