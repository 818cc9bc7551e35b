package dev.gitops.promotion.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The regression corpus of issue 9: every file under {@code src/test/resources/corpus/<class>/}
 * describes one attack on a throwaway config repository (the seed layout of {@link CliRepo}) and
 * what must come of it: the exit code, fragments of the messages, fragments that must never be
 * printed (secrets, raw control characters), and whether the repository must be unchanged (every
 * ref, the {@code HEAD} tree and the {@code git status} of the work tree). The format is described
 * in {@code corpus/README.md}.
 */
class RegressionCorpusTest {

  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> corpus() throws IOException, URISyntaxException {
    Path root = Paths.get(RegressionCorpusTest.class.getResource("/corpus").toURI());
    List<Path> cases;
    try (Stream<Path> files = Files.walk(root)) {
      cases = files.filter(p -> p.toString().endsWith(".case")).sorted().toList();
    }
    assertThat(cases).as("corpus cases").hasSizeGreaterThanOrEqualTo(40);
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    root.relativize(c).toString(), c.toUri(), () -> runCase(c)));
  }

  /** One parsed case. */
  record Case(
      String name,
      List<List<String>> setup,
      List<String> run,
      int exit,
      List<String> err,
      List<String> out,
      List<String> never,
      boolean unchanged,
      List<List<String>> after) {}

  static Case parse(Path file) throws IOException {
    List<List<String>> setup = new ArrayList<>();
    List<List<String>> after = new ArrayList<>();
    List<String> run = null;
    Integer exit = null;
    List<String> err = new ArrayList<>();
    List<String> out = new ArrayList<>();
    List<String> never = new ArrayList<>();
    Boolean unchanged = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "attack", "class", "expect" -> {}
        case "setup" -> setup.add(tokens(value));
        case "run" -> run = tokens(value);
        case "exit" -> exit = Integer.parseInt(value);
        case "err" -> err.add(single(value));
        case "out" -> out.add(single(value));
        case "never" -> never.add(single(value));
        case "unchanged" -> unchanged = value.equals("yes");
        case "then" -> after.add(tokens(value));
        default -> throw new IllegalArgumentException(file + ": unknown key " + key);
      }
    }
    if (run == null || exit == null || unchanged == null) {
      throw new IllegalArgumentException(file + ": run, exit and unchanged are required");
    }
    return new Case(
        file.getFileName().toString(), setup, run, exit, err, out, never, unchanged, after);
  }

  void runCase(Path file) throws Exception {
    Case c = parse(file);
    Path dir = Files.createTempDirectory(temp, "case");
    Path repoDir = dir.resolve("repo");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    try (CliRepo repo = CliRepo.seed(repoDir)) {
      Map<String, String> vars = new TreeMap<>();
      vars.put("{repo}", repoDir.toString());
      vars.put("{tmp}", dir.toString());
      vars.put("{outside}", outside.toString());
      for (List<String> step : c.setup()) {
        vars.put("{head}", repo.head());
        setup(repo, dir, step.stream().map(t -> substitute(t, vars)).toList());
      }
      vars.put("{head}", repo.head());
      String before = snapshot(repo.git.getRepository());
      List<String> args = c.run().stream().map(t -> substitute(t, vars)).toList();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = PromotionCli.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args.toArray(String[]::new));
      String o = out.toString();
      String e = err.toString();
      String shown = "exit " + exit + "\n--- out\n" + o + "--- err\n" + e;
      assertThat(exit).as(shown).isEqualTo(c.exit());
      for (String f : c.err()) {
        assertThat(e).as(shown).contains(substitute(f, vars));
      }
      for (String f : c.out()) {
        assertThat(o).as(shown).contains(substitute(f, vars));
      }
      for (String f : c.never()) {
        assertThat(o + e).as(shown).doesNotContain(substitute(f, vars));
      }
      // nothing a command prints may carry a raw escape or other control character
      assertThat(
              (o + e)
                  .replace("\n", "")
                  .chars()
                  .filter(ch -> ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)))
          .as("raw control characters in the output\n" + shown)
          .isEmpty();
      if (c.unchanged()) {
        assertThat(snapshot(repo.git.getRepository())).as(shown).isEqualTo(before);
      }
      for (List<String> check : c.after()) {
        afterCheck(repo, dir, check.stream().map(t -> substitute(t, vars)).toList(), shown);
      }
    }
  }

  private static void setup(CliRepo repo, Path dir, List<String> step) throws Exception {
    Path work = repo.dir;
    switch (step.get(0)) {
      case "write" -> {
        Path f = work.resolve(step.get(1));
        Files.createDirectories(f.getParent());
        Files.write(f, bytes(step.get(2)));
      }
      case "delete" -> Files.delete(work.resolve(step.get(1)));
      case "symlink" -> {
        Path link = work.resolve(step.get(1));
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Paths.get(step.get(2)));
      }
      case "commit" -> {
        PersonIdent who = ident(step.get(1));
        repo.git.add().addFilepattern(".").call();
        repo.git.add().addFilepattern(".").setUpdate(true).call();
        repo.git
            .commit()
            .setMessage(step.get(2))
            .setAuthor(who)
            .setCommitter(step.size() > 3 ? ident(step.get(3)) : who)
            .setSign(false)
            .call();
      }
      case "config" -> {
        StoredConfig config = repo.git.getRepository().getConfig();
        String[] k = step.get(1).split("\\.", 3);
        if (k.length == 3) {
          config.setString(k[0], k[1], k[2], step.get(2));
        } else {
          config.setString(k[0], null, k[1], step.get(2));
        }
        config.save();
      }
      case "bare" -> {
        CliRepo.cloneTo(work, dir.resolve(step.get(1) + ".git"), true);
      }
      case "hook" -> {
        Path hook = dir.resolve(step.get(1) + ".git").resolve("hooks").resolve(step.get(2));
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, step.get(3));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      case "gitfile" -> {
        Path f = work.resolve(".git").resolve(step.get(1));
        Files.createDirectories(f.getParent());
        Files.write(f, bytes(step.size() > 2 ? step.get(2) : ""));
      }
      case "fetch" -> repo.git.fetch().setRemote(step.get(1)).call();
      case "reset" ->
          repo.git
              .reset()
              .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
              .setRef(step.get(1))
              .call();
      default -> throw new IllegalArgumentException("unknown setup step " + step);
    }
  }

  private static void afterCheck(CliRepo repo, Path dir, List<String> check, String shown)
      throws Exception {
    switch (check.get(0)) {
      case "file-contains" ->
          assertThat(
                  new String(
                      Files.readAllBytes(repo.dir.resolve(check.get(1))),
                      StandardCharsets.ISO_8859_1))
              .as(shown)
              .contains(new String(bytes(check.get(2)), StandardCharsets.ISO_8859_1));
      case "is-symlink" ->
          assertThat(Files.isSymbolicLink(repo.dir.resolve(check.get(1)))).as(shown).isTrue();
      case "clean" ->
          assertThat(repo.isClean()).as(shown + "\n" + status(repo.git.getRepository())).isTrue();
      case "remote-moved", "remote-unmoved" -> {
        try (Repository bare =
            Git.open(dir.resolve(check.get(1) + ".git").toFile()).getRepository()) {
          ObjectId main = bare.resolve("refs/heads/main");
          boolean moved = !main.name().equals(check.get(2));
          assertThat(moved).as(shown).isEqualTo(check.get(0).equals("remote-moved"));
        }
      }
      default -> throw new IllegalArgumentException("unknown check " + check);
    }
  }

  /** Every ref, the HEAD tree, and the work tree's status: what "unchanged" compares. */
  static String snapshot(Repository repo) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (Ref r : repo.getRefDatabase().getRefs()) {
      sb.append(r.getName()).append(' ').append(r.getObjectId().name()).append('\n');
    }
    ObjectId head = repo.resolve("HEAD");
    try (RevWalk walk = new RevWalk(repo)) {
      sb.append("HEAD tree ").append(walk.parseCommit(head).getTree().name()).append('\n');
    }
    sb.append(status(repo));
    return sb.toString();
  }

  private static String status(Repository repo) throws Exception {
    if (CliRepo.gitOnPath()) {
      Process p =
          new ProcessBuilder("git", "status", "--porcelain", "--ignored")
              .directory(repo.getWorkTree())
              .redirectErrorStream(true)
              .start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return "status\n" + s;
    }
    return "status " + Git.wrap(repo).status().call().getUncommittedChanges();
  }

  private static PersonIdent ident(String identity) {
    int open = identity.lastIndexOf('<');
    return new PersonIdent(
        identity.substring(0, open).strip(),
        identity.substring(open + 1, identity.length() - 1),
        Date.from(Instant.parse("2026-11-01T10:00:00Z")),
        TimeZone.getTimeZone(ZoneOffset.UTC));
  }

  private static String substitute(String s, Map<String, String> vars) {
    String r = s;
    for (Map.Entry<String, String> v : vars.entrySet()) {
      r = r.replace(v.getKey(), v.getValue());
    }
    for (char x : "abcdef0123456789ABCDEF".toCharArray()) {
      r = r.replace("{hex" + x + "}", String.valueOf(x).repeat(64));
    }
    return r;
  }

  /** A value as bytes: {@code \xNN} is that byte, everything else UTF-8. */
  static byte[] bytes(String s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\u0000' && i + 2 < s.length()) {
        b.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
        b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        text.append(s.charAt(i));
      }
    }
    b.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  // a fragment: "quoted" with escapes, else the rest of the line verbatim
  private static String single(String value) {
    if (!value.startsWith("\"")) {
      return value;
    }
    List<String> t = tokens(value);
    return t.size() == 1 ? t.get(0) : value;
  }

  /**
   * Splits on blanks; "double quotes" group and understand \n \r \t \e \\ \" \\uXXXX and \xNN (a
   * raw byte, kept as a NUL marker for {@link #bytes}); 'single quotes' group verbatim.
   */
  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == ' ' || ch == '\t') {
        if (cur != null) {
          out.add(cur.toString());
          cur = null;
        }
        continue;
      }
      if (cur == null) {
        cur = new StringBuilder();
      }
      if (ch == '\'') {
        int end = line.indexOf('\'', i + 1);
        cur.append(line, i + 1, end);
        i = end;
      } else if (ch == '"') {
        i++;
        while (line.charAt(i) != '"') {
          char d = line.charAt(i);
          if (d == '\\') {
            char n = line.charAt(++i);
            switch (n) {
              case 'n' -> cur.append('\n');
              case 'r' -> cur.append('\r');
              case 't' -> cur.append('\t');
              case 'e' -> cur.append('\u001b');
              case 'u' -> {
                cur.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                i += 4;
              }
              case 'x' -> {
                cur.append('\u0000').append(line, i + 1, i + 3);
                i += 2;
              }
              default -> cur.append(n);
            }
          } else {
            cur.append(d);
          }
          i++;
        }
      } else {
        cur.append(ch);
      }
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }

  static {
    // fail fast on a broken resource layout rather than with a confusing NPE
    if (RegressionCorpusTest.class.getResource("/corpus") == null) {
      throw new UncheckedIOException(new IOException("corpus folder missing from test resources"));
    }
  }
}
