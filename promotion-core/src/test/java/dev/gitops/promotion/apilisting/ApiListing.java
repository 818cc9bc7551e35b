package dev.gitops.promotion.apilisting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one module as text, generated from its compiled classes, and the check that
 * keeps it equal to a committed listing, so that every change of the API shows in review (OkHttp's
 * {@code .api} files, in plain Java).
 *
 * <p>The listing holds every public or protected type outside {@code .internal} packages (nested
 * types only when every enclosing type is public too), with its supertypes, and its public and
 * protected constructors, methods and fields with their generic signatures, sorted. Methods a
 * public type inherits from a non-public supertype (an Immutables builder's setters) are listed
 * under the public type; members of {@link Object}, {@link Enum} and {@link Record}, synthetic
 * members and the bridges javac adds for covariant returns and generics are left out.
 *
 * <p>A module uses it with one test class and one committed file, {@code
 * <module>/api/<module>.txt}:
 *
 * <pre>{@code
 * class ApiListingTest {
 *   @Test
 *   void thePublicApiIsTheCommittedOne() {
 *     ApiListing.verify(GitOptions.class, "promotion-git");
 *   }
 * }
 * }</pre>
 *
 * <p>On a difference the test fails with the lines removed ({@code -}) and added ({@code +}); run
 * it with {@code -Dapi.update=true} to rewrite the file, and commit the new listing with the
 * change.
 */
public final class ApiListing {
  /** The system property that rewrites the listing instead of comparing it. */
  public static final String UPDATE = "api.update";

  private ApiListing() {}

  /**
   * Compares the API of the module that holds {@code anyClass} with {@code api/<module>.txt} in the
   * module's directory (the working directory of its tests), or rewrites that file when the system
   * property {@code api.update} is {@code true}.
   *
   * @throws AssertionError with the difference and the refresh command when they differ
   */
  public static void verify(Class<?> anyClass, String module) {
    Path file = Path.of("api", module + ".txt");
    String actual = header(module) + listing(classesRoot(anyClass));
    try {
      if (Boolean.getBoolean(UPDATE)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (!expected.equals(actual)) {
        throw new AssertionError(
            "the public API of "
                + module
                + " differs from "
                + module
                + "/"
                + file
                + (expected.isEmpty() ? " (there is no such file yet)" : "")
                + ":\n"
                + diff(expected, actual)
                + "\nIf the change is intended, refresh the listing and commit it:\n"
                + "  mvn -B -q -pl "
                + module
                + " -am verify -Dapi.update=true"
                + " -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The listing of every class under a class-path root (a {@code target/classes} folder). */
  public static String listing(Path classesRoot) {
    List<String> names;
    try (Stream<Path> files = Files.walk(classesRoot)) {
      names =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .map(f -> classesRoot.relativize(f).toString())
              .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
              .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
              .filter(n -> !n.contains(".internal.") && !n.endsWith(".internal"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      Class<?> type = load(name);
      if (isApi(type)) {
        out.append('\n').append(describe(type)).append('\n');
        for (String member : members(type)) {
          out.append("  ").append(member).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String header(String module) {
    return "# The public API of "
        + module
        + ": public and protected types and members outside .internal packages.\n"
        + "# Generated from the compiled classes by ApiListing (promotion-core's test jar);"
        + " do not edit.\n"
        + "# Refresh: mvn -B -q -pl "
        + module
        + " -am verify -Dapi.update=true -Dtest=ApiListingTest"
        + " -Dsurefire.failIfNoSpecifiedTests=false\n";
  }

  private static Path classesRoot(Class<?> anyClass) {
    try {
      return Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiListing.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot load " + name, e);
    }
  }

  private static boolean isApi(Class<?> type) {
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      int m = t.getModifiers();
      boolean visible =
          t == type ? Modifier.isPublic(m) || Modifier.isProtected(m) : Modifier.isPublic(m);
      if (!visible) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Class<?> type) {
    StringBuilder sb = new StringBuilder(type.toGenericString());
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      sb.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      sb.append(type.isInterface() ? " extends " : " implements ")
          .append(
              Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
    }
    return sb.toString();
  }

  private static List<String> members(Class<?> type) {
    TreeSet<String> out = new TreeSet<>();
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c) && !c.isSynthetic()) {
        out.add(strip(c.toGenericString(), c));
      }
    }
    List<Method> methods = new ArrayList<>(Arrays.asList(type.getDeclaredMethods()));
    for (Method m : type.getMethods()) {
      if (m.getDeclaringClass() != type
          && !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        methods.add(m); // inherited from a non-public supertype: reachable only through this type
      }
    }
    for (Method m : methods) {
      if (visible(m)
          && !inheritedFromTheJdk(m)
          && (m.isBridge() ? !isCovariantBridge(m, methods) : !m.isSynthetic())) {
        out.add(strip(m.toGenericString(), m));
      }
    }
    List<Field> fields = new ArrayList<>(Arrays.asList(type.getDeclaredFields()));
    for (Field f : type.getFields()) {
      if (f.getDeclaringClass() != type
          && !Modifier.isPublic(f.getDeclaringClass().getModifiers())) {
        fields.add(f);
      }
    }
    for (Field f : fields) {
      if (visible(f) && !f.isSynthetic()) {
        out.add(strip(f.toGenericString(), f));
      }
    }
    return List.copyOf(out);
  }

  // A bridge javac adds for a covariant return or a generic parameter duplicates a real method of
  // the same name and arity; a visibility bridge (a public method of a non-public supertype
  // re-declared in the public type) is the only way to reach the method, so it stays.
  private static boolean isCovariantBridge(Method bridge, List<Method> methods) {
    return methods.stream()
        .anyMatch(
            m ->
                !m.isBridge()
                    && m.getName().equals(bridge.getName())
                    && m.getParameterCount() == bridge.getParameterCount());
  }

  private static boolean visible(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
  }

  private static boolean inheritedFromTheJdk(Method m) {
    Class<?> d = m.getDeclaringClass();
    return d == Object.class || d == Enum.class || d == Record.class;
  }

  // "public int dev.x.Foo.size()" -> "public int size()"
  private static String strip(String signature, Member m) {
    String owner = m.getDeclaringClass().getTypeName();
    if (m instanceof Constructor<?>) {
      return signature.replace(owner + "(", "<init>(");
    }
    String name = m instanceof Executable ? m.getName() + "(" : m.getName();
    return Objects.requireNonNull(signature).replace(owner + "." + name, name);
  }

  // The lines only in expected (-) and only in actual (+), in order: enough to see an API change.
  private static String diff(String expected, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        i++;
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.append("- ").append(a.get(i++)).append('\n');
      } else {
        out.append("+ ").append(b.get(j++)).append('\n');
      }
    }
    return out.toString();
  }
}
