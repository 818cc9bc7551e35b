package dev.gitops.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.spi.CommitInfo;
import dev.gitops.promotion.spi.Revision;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit signatures are verified against the configured trusted OpenPGP keys only: a commit signed
 * by a trusted key names its signer, one signed by another key, a tampered one and an unsigned one
 * do not.
 */
class TrustedSignatureTest {
  @TempDir Path dir;

  record Key(PGPKeyPair pair, byte[] armoredPublic) {}

  static Key key(String userId) throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
    kpg.initialize(2048);
    KeyPair kp = kpg.generateKeyPair();
    PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, kp, new Date());
    PGPDigestCalculator sha1 =
        new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
    PGPKeyRingGenerator gen =
        new PGPKeyRingGenerator(
            PGPSignature.POSITIVE_CERTIFICATION,
            pair,
            userId,
            sha1,
            null,
            null,
            new JcaPGPContentSignerBuilder(
                PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
            null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream a = new ArmoredOutputStream(out)) {
      gen.generatePublicKeyRing().encode(a);
    }
    return new Key(pair, out.toByteArray());
  }

  static byte[] sign(Key key, byte[] payload) throws Exception {
    PGPSignatureGenerator g =
        new PGPSignatureGenerator(
            new JcaPGPContentSignerBuilder(
                PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
            key.pair().getPublicKey());
    g.init(PGPSignature.BINARY_DOCUMENT, key.pair().getPrivateKey());
    g.update(payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream a = new ArmoredOutputStream(out)) {
      g.generate().encode(a);
    }
    return out.toByteArray();
  }

  // a commit on main with an empty tree, signed by `signer` over `signedMessage` but carrying
  // `message` (the same for an honest signature)
  static ObjectId commit(Repository repo, Key signer, String signedMessage, String message)
      throws Exception {
    try (ObjectInserter ins = repo.newObjectInserter()) {
      ObjectId tree = ins.insert(Constants.OBJ_TREE, new byte[0]);
      PersonIdent who =
          new PersonIdent(
              "Ada Lovelace",
              "ada@myorg.com",
              Instant.parse("2026-11-01T09:00:00Z"),
              ZoneOffset.UTC);
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setEncoding(StandardCharsets.UTF_8);
      cb.setMessage(signedMessage);
      if (signer != null) {
        byte[] signature = sign(signer, cb.build());
        cb.setGpgSignature(new GpgSignature(signature));
      }
      cb.setMessage(message);
      ObjectId id = ins.insert(cb);
      ins.flush();
      return id;
    }
  }

  @Test
  void onlyATrustedKeysSignatureOverTheCommitVerifies() throws Exception {
    Key trusted = key("Release Signer <release@myorg.com>");
    Key other = key("Mallory <mallory@evil.example>");
    Path keys = dir.resolve("trusted.asc");
    Files.write(keys, trusted.armoredPublic());
    Path repoDir = dir.resolve("repo");
    ObjectId good;
    ObjectId foreign;
    ObjectId tampered;
    ObjectId unsigned;
    try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
      Repository r = git.getRepository();
      good =
          commit(
              r,
              trusted,
              "promote\n\nPromoted-By: Ada Lovelace <ada@myorg.com>\n",
              "promote\n\nPromoted-By: Ada Lovelace <ada@myorg.com>\n");
      foreign = commit(r, other, "promote\n", "promote\n");
      tampered =
          commit(
              r,
              trusted,
              "promote\n\nPromoted-By: Ada Lovelace <ada@myorg.com>\n",
              "promote\n\nPromoted-By: Grace <grace@myorg.com>\n");
      unsigned = commit(r, null, "promote\n", "promote\n");
    }
    try (JGitConfigRepository repo =
        JGitConfigRepository.open(
            repoDir, GitOptions.builder().trustedKeys(List.of(keys)).build())) {
      CommitInfo ok = repo.commitInfo(Revision.of(good.name()));
      assertThat(ok.signed()).isTrue();
      assertThat(ok.verifiedSigner())
          .hasValueSatisfying(
              s ->
                  assertThat(s)
                      .startsWith("OpenPGP ")
                      .contains("Release Signer <release@myorg.com>"));
      assertThat(repo.commitInfo(Revision.of(foreign.name())).verifiedSigner()).isEmpty();
      assertThat(repo.commitInfo(Revision.of(foreign.name())).signed()).isTrue();
      assertThat(repo.commitInfo(Revision.of(tampered.name())).verifiedSigner()).isEmpty();
      assertThat(repo.commitInfo(Revision.of(unsigned.name())).signed()).isFalse();
    }
    // without trusted keys nothing verifies, even the good signature
    try (JGitConfigRepository repo = JGitConfigRepository.open(repoDir)) {
      assertThat(repo.commitInfo(Revision.of(good.name())).verifiedSigner()).isEmpty();
      assertThat(repo.commitInfo(Revision.of(good.name())).signed()).isTrue();
    }
  }

  @Test
  void aKeyFileWithoutKeysIsRefused() throws Exception {
    Path keys = Files.writeString(dir.resolve("keys.asc"), "not a key");
    Path repoDir = dir.resolve("repo");
    Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call().close();
    assertThatThrownBy(
            () ->
                JGitConfigRepository.open(
                    repoDir, GitOptions.builder().trustedKeys(List.of(keys)).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("OpenPGP public key");
  }
}
