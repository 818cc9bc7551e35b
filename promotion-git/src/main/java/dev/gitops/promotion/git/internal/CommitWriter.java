package dev.gitops.promotion.git.internal;

import dev.gitops.promotion.InvalidInputException;
import dev.gitops.promotion.git.CommitSigning;
import dev.gitops.promotion.spi.CommitRequest;
import dev.gitops.promotion.spi.FileEdit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.api.errors.UnsupportedSigningFormatException;
import org.eclipse.jgit.errors.ObjectWritingException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Writes a commit straight into the object database: the edited files' blobs, the trees on their
 * paths, and the commit, signed when asked. Bulk commits go into one pack; nothing touches a work
 * tree and no ref moves.
 */
public final class CommitWriter {
  private final Repository repo;
  private final TreeReader trees;
  private final int packThreshold;
  private final Optional<CommitSigning> signing;

  /**
   * A writer into {@code repo} that packs commits of more than {@code packThreshold} objects and
   * signs with {@code signing} when present.
   */
  public CommitWriter(
      Repository repo, TreeReader trees, int packThreshold, Optional<CommitSigning> signing) {
    this.repo = repo;
    this.trees = trees;
    this.packThreshold = packThreshold;
    this.signing = signing;
    signing.ifPresent(s -> signer(format(s))); // a missing signer is refused when opening
  }

  /**
   * Writes the commit {@code request} asks for on top of its parent and returns its id.
   *
   * @throws InvalidInputException when an edit goes through a link or a submodule, or the commit
   *     cannot be signed
   */
  public ObjectId write(CommitRequest request) {
    int objects = request.edits().size() * 4 + 2;
    try {
      return write(request, objects > packThreshold);
    } catch (ObjectWritingException e) {
      // a loose object could not be renamed into place (seen under heavy parallel load): write
      // the same objects as one pack instead
      try {
        return write(request, true);
      } catch (IOException again) {
        throw StorageFailures.of(repo, "writing commit objects", again);
      }
    } catch (IOException e) {
      throw StorageFailures.of(repo, "writing commit objects", e);
    }
  }

  private ObjectId write(CommitRequest request, boolean pack) throws IOException {
    ObjectId parent = trees.id(request.parent());
    try (ObjectReader reader = repo.newObjectReader();
        ObjectInserter ins = inserter(pack)) {
      ObjectId baseTree = trees.treeOf(reader, request.parent());
      Map<String, ObjectId> blobs = new LinkedHashMap<>();
      for (FileEdit e : request.edits()) {
        blobs.put(
            e.path(), ins.insert(Constants.OBJ_BLOB, e.content().getBytes(StandardCharsets.UTF_8)));
      }
      ObjectId tree = TreeEditor.apply(reader, ins, baseTree, blobs);
      PersonIdent who =
          new PersonIdent(
              request.author().name(), request.author().email(), request.time(), ZoneOffset.UTC);
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      cb.setParentId(parent);
      cb.setAuthor(who);
      cb.setCommitter(who);
      cb.setMessage(request.message());
      cb.setEncoding(StandardCharsets.UTF_8);
      if (signing.isPresent()) {
        sign(cb, who, signing.get());
      }
      ObjectId id = ins.insert(cb);
      ins.flush();
      return id;
    }
  }

  private ObjectInserter inserter(boolean pack) {
    if (pack && repo instanceof FileRepository f) {
      PackInserter p = f.getObjectDatabase().newPackInserter();
      // a bulk commit's objects are mostly new; fast compression, git gc repacks later
      p.setCompressionLevel(1);
      return p;
    }
    return repo.newObjectInserter();
  }

  private static GpgConfig.GpgFormat format(CommitSigning signing) {
    return signing.format() == CommitSigning.Format.SSH
        ? GpgConfig.GpgFormat.SSH
        : GpgConfig.GpgFormat.OPENPGP;
  }

  // JGit finds signers through its service loader: Bouncy Castle's for OpenPGP, MINA SSHD's for
  // SSH, each in an optional jar
  private static Signer signer(GpgConfig.GpgFormat format) {
    Signer signer = Signers.get(format);
    if (signer == null) {
      throw OptionalDependencies.missingSigner(format == GpgConfig.GpgFormat.SSH);
    }
    return signer;
  }

  private void sign(CommitBuilder cb, PersonIdent committer, CommitSigning signing)
      throws IOException {
    Config c = new Config(repo.getConfig());
    GpgConfig.GpgFormat format = format(signing);
    c.setString("gpg", null, "format", format == GpgConfig.GpgFormat.SSH ? "ssh" : "openpgp");
    c.setString("user", null, "signingKey", signing.signingKey());
    Signer signer = signer(format);
    CredentialsProvider pass =
        signing.passphrase().map(p -> Transports.passphrase(p.token().toCharArray())).orElse(null);
    try {
      signer.signObject(repo, new GpgConfig(c), cb, committer, signing.signingKey(), pass);
    } catch (CanceledException | UnsupportedSigningFormatException e) {
      throw new InvalidInputException(
          "cannot sign with " + signing + ": " + e.getMessage(), null, e);
    }
  }
}
