package dev.gitops.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.promotion.spi.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch that the host deleted after merging (GitLab's remove_source_branch, GitHub's
 * delete-branch-on-merge) is gone: deleting it again through the remote is done, not an error.
 */
class RemoteBranchGoneTest {

  @Test
  void deletingABranchTheRemoteNoLongerHasIsDone(@TempDir Path dir) throws Exception {
    Path origin = dir.resolve("origin.git");
    Path work = dir.resolve("work");
    try (Git seed = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("a.txt"), "a\n");
      seed.add().addFilepattern(".").call();
      seed.commit()
          .setMessage("a")
          .setSign(false)
          .setAuthor("A", "a@x")
          .setCommitter("A", "a@x")
          .call();
      seed.branchCreate().setName("promote/x").call();
      try (Git bare = Git.init().setBare(true).setDirectory(origin.toFile()).call()) {
        bare.getRepository(); // created
      }
      seed.remoteAdd()
          .setName("origin")
          .setUri(new org.eclipse.jgit.transport.URIish(origin.toUri().toString()))
          .call();
      seed.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/*:refs/heads/*")).call();
    }
    try (JGitConfigRepository repo =
        JGitConfigRepository.open(work, GitOptions.builder().remote("origin").build())) {
      repo.fetch();
      Revision head = repo.head("promote/x").orElseThrow();
      try (Git bare = Git.open(origin.toFile())) {
        RefUpdate u = bare.getRepository().updateRef("refs/heads/promote/x");
        u.setForceUpdate(true);
        u.delete();
      }
      repo.deleteBranch("promote/x", head);
      repo.fetch();
      assertThat(repo.head("promote/x")).isEmpty();
    }
  }
}
