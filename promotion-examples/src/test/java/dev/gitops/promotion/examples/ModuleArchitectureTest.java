package dev.gitops.promotion.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The layering of the whole project, checked over every module's main classes: which module may
 * depend on which, internals stay inside their module, public signatures do not leak third-party
 * types, and library code never reads the system clock.
 */
@AnalyzeClasses(
    packages = "dev.gitops.promotion",
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ModuleArchitectureTest.DoNotIncludeTestJars.class
    })
class ModuleArchitectureTest {

  /** Test jars (the GitLab simulator of promotion-gitlab's) are test code too. */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String CORE = "dev.gitops.promotion";
  private static final String TESTKIT = "dev.gitops.promotion.testkit..";
  private static final String OVERLAY = "dev.gitops.promotion.overlay..";
  private static final String GIT = "dev.gitops.promotion.git..";
  private static final String EXAMPLES = "dev.gitops.promotion.examples..";
  private static final String HTTP = "dev.gitops.promotion.http..";
  private static final String GITLAB = "dev.gitops.promotion.gitlab..";
  private static final String GITHUB = "dev.gitops.promotion.github..";
  private static final String REGISTRY = "dev.gitops.promotion.registry..";
  private static final String ESCAPE_HATCH =
      "dev.gitops.promotion.git.JGitConfigRepository.repository()";
  private static final List<String> MODULE_ROOTS =
      List.of(
          "testkit",
          "overlay",
          "git",
          "http",
          "gitlab",
          "github",
          "argocd",
          "flux",
          "registry",
          "examples");

  private static final String ARGOCD = "dev.gitops.promotion.argocd..";
  private static final String FLUX = "dev.gitops.promotion.flux..";

  @ArchTest
  static final ArchRule agentAdaptersBuildOnCoreAndHttpOnly =
      noClasses()
          .that()
          .resideInAnyPackage(ARGOCD, FLUX)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              TESTKIT, OVERLAY, GIT, GITLAB, GITHUB, EXAMPLES, "org.eclipse.jgit..", "okhttp3..")
          .because("an adapter speaks HTTP only through promotion-http and knows no other adapter");

  @ArchTest
  static final ArchRule argoCdDoesNotDependOnFlux =
      noClasses()
          .that()
          .resideInAPackage(ARGOCD)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(FLUX);

  @ArchTest
  static final ArchRule fluxDoesNotDependOnArgoCd =
      noClasses()
          .that()
          .resideInAPackage(FLUX)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ARGOCD);

  @ArchTest
  static final ArchRule testkitBuildsOnCoreOnly =
      noClasses()
          .that()
          .resideInAPackage(TESTKIT)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              OVERLAY,
              GIT,
              EXAMPLES,
              "org.eclipse.jgit..",
              "org.snakeyaml..",
              "okhttp3..",
              "com.fasterxml..");

  @ArchTest
  static final ArchRule overlaysBuildOnCoreOnly =
      noClasses()
          .that()
          .resideInAPackage(OVERLAY)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              TESTKIT, GIT, EXAMPLES, "org.eclipse.jgit..", "okhttp3..", "com.fasterxml..");

  @ArchTest
  static final ArchRule gitBuildsOnCoreAndOverlaysOnly =
      noClasses()
          .that()
          .resideInAPackage(GIT)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(TESTKIT, EXAMPLES, "okhttp3..");

  @ArchTest
  static final ArchRule gitlabBuildsOnCoreAndHttpOnly =
      noClasses()
          .that()
          .resideInAPackage(GITLAB)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              TESTKIT,
              OVERLAY,
              GIT,
              GITHUB,
              EXAMPLES,
              ARGOCD,
              FLUX,
              "org.eclipse.jgit..",
              "org.snakeyaml..",
              "okhttp3..")
          .because("an adapter speaks HTTP only through promotion-http and knows no other adapter");

  @ArchTest
  static final ArchRule githubBuildsOnCoreAndHttpOnly =
      noClasses()
          .that()
          .resideInAPackage(GITHUB)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              TESTKIT,
              OVERLAY,
              GIT,
              GITLAB,
              EXAMPLES,
              ARGOCD,
              FLUX,
              "org.eclipse.jgit..",
              "org.snakeyaml..",
              "okhttp3..")
          .because("an adapter speaks HTTP only through promotion-http and knows no other adapter");

  @ArchTest
  static final ArchRule registryBuildsOnCoreAndHttpOnly =
      noClasses()
          .that()
          .resideInAPackage(REGISTRY)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              TESTKIT,
              OVERLAY,
              GIT,
              GITLAB,
              GITHUB,
              ARGOCD,
              FLUX,
              EXAMPLES,
              "org.eclipse.jgit..",
              "org.snakeyaml..",
              "okhttp3..")
          .because("an adapter speaks HTTP only through promotion-http and knows no other adapter");

  @ArchTest
  static final ArchRule coreKnowsNoAdapter =
      noClasses()
          .that()
          .resideInAPackage(CORE + "..")
          .and()
          .resideOutsideOfPackages(
              GITLAB, GITHUB, REGISTRY, HTTP, ARGOCD, FLUX, EXAMPLES, TESTKIT, GIT, OVERLAY)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(GITLAB, GITHUB, REGISTRY, HTTP, ARGOCD, FLUX);

  @ArchTest
  static final ArchRule noOtherAdapterKnowsTheRegistry =
      noClasses()
          .that()
          .resideInAnyPackage(TESTKIT, OVERLAY, GIT, HTTP, GITLAB, GITHUB, ARGOCD, FLUX)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(REGISTRY);

  // promotion-git's optional dependencies (SSH on Apache MINA SSHD, OpenPGP on Bouncy Castle) are
  // touched by one class, loaded only when SSH is used; signers come through JGit's service loader
  private static final String[] OPTIONAL_SSH_AND_OPENPGP = {
    "org.apache.sshd..",
    "org.eclipse.jgit.transport.sshd..",
    "org.eclipse.jgit.signing.ssh..",
    "org.eclipse.jgit.gpg.bc..",
    "org.bouncycastle.."
  };
  private static final String SSH_SESSIONS = "dev.gitops.promotion.git.internal.SshSessions";

  // the trusted-key side of commit signature checks, loaded only when keys are configured
  private static final String SIGNATURE_KEYS =
      "dev.gitops.promotion.git.internal.SignatureCheck$Keys";

  @ArchTest
  static final ArchRule onlySshSessionsTouchesTheOptionalJars =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(SSH_SESSIONS)
          .and()
          .doNotHaveFullyQualifiedName(SIGNATURE_KEYS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(OPTIONAL_SSH_AND_OPENPGP)
          .because(
              "SSH and OpenPGP are optional dependencies of promotion-git: only the class loaded"
                  + " when SSH is used, and the one loaded when trusted OpenPGP keys are"
                  + " configured, may touch them");

  @ArchTest
  static final ArchRule sshSessionsIsReachedOnlyThroughTheConnection =
      noClasses()
          .that()
          .haveNameNotMatching(
              "dev\\.gitops\\.promotion\\.git\\.internal\\.(Connection|SshSessions)(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName(SSH_SESSIONS)
          .because("Connection builds the SSH session factory lazily, after checking the jars");

  @ArchTest
  static final ArchRule noModuleCycles =
      slices().matching("dev.gitops.promotion.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule internalsStayInTheirModule =
      noClasses().should(dependOnAnotherModulesInternals());

  @ArchTest
  static final ArchRule libraryCodeInjectsTime =
      noClasses()
          .that()
          .resideInAnyPackage(CORE + "..")
          .and()
          .resideOutsideOfPackage(EXAMPLES)
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .because("simulations run on a manual clock; only the CLI chooses the system clock");

  @ArchTest
  static final ArchRule libraryCodeDoesNotPrint =
      noClasses()
          .that()
          .resideInAnyPackage(CORE + "..")
          .and()
          .resideOutsideOfPackage(EXAMPLES)
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

  @ArchTest
  static final ArchRule publicApiHidesThirdPartyTypes =
      methods()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat(isPublicApi())
          // promotion-http shares an OkHttp client on purpose (its connection pool and proxy)
          .and()
          .doNotHaveFullName(
              "dev.gitops.promotion.http.RestClient$Builder.okHttpClient(okhttp3.OkHttpClient)")
          .should(
              notExposeTypesFrom(
                  Set.of(
                      "org.eclipse.jgit", "org.snakeyaml", "okhttp3", "com.fasterxml", "picocli")));

  @ArchTest
  static final ArchRule publicApiDeclaresNoCheckedExceptions =
      codeUnits()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat(isPublicApi())
          .should(declareNoCheckedExceptions())
          .because(
              "callers catch the PromotionException subtype they can act on; a checked"
                  + " exception makes them catch Exception");

  // a worker thread of the history index hands its IOException to the indexing thread inside an
  // UncheckedIOException, which that thread unwraps; nothing else may raise one
  @ArchTest
  static final ArchRule libraryRaisesTypedFailuresNotUncheckedIo =
      noClasses()
          .that()
          .resideInAnyPackage(CORE + "..")
          .and()
          .resideOutsideOfPackage(EXAMPLES)
          .and()
          .doNotHaveFullyQualifiedName("dev.gitops.promotion.git.internal.HistoryIndex")
          .should()
          .callConstructor(
              java.io.UncheckedIOException.class, String.class, java.io.IOException.class)
          .orShould()
          .callConstructor(java.io.UncheckedIOException.class, java.io.IOException.class)
          .because(
              "a failed read or write leaves the library as a PromotionException subtype"
                  + " (RemoteUnavailableException for storage, InvalidInputException for bad"
                  + " content) that callers can act on");

  private static ArchCondition<JavaCodeUnit> declareNoCheckedExceptions() {
    return new ArchCondition<>("declare no checked exception") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        for (JavaClass thrown : unit.getExceptionTypes()) {
          if (!thrown.isAssignableTo(RuntimeException.class)
              && !thrown.isAssignableTo(Error.class)) {
            events.add(
                SimpleConditionEvent.violated(
                    unit, unit.getFullName() + " declares " + thrown.getName()));
          }
        }
      }
    };
  }

  private static DescribedPredicate<JavaClass> isPublicApi() {
    return DescribedPredicate.describe(
        "public API classes",
        c ->
            c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                && c.getPackageName().startsWith(CORE)
                && !c.getPackageName().contains(".internal")
                && !c.getPackageName().startsWith("dev.gitops.promotion.examples"));
  }

  private static ArchCondition<JavaMethod> notExposeTypesFrom(Set<String> prefixes) {
    return new ArchCondition<>("not expose types of " + prefixes + " in parameters or return") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        if (method.getFullName().equals(ESCAPE_HATCH)) {
          return;
        }
        List<JavaClass> types = new java.util.ArrayList<>(method.getRawParameterTypes());
        types.add(method.getRawReturnType());
        for (JavaClass type : types) {
          for (String prefix : prefixes) {
            if (type.getName().startsWith(prefix + ".")) {
              events.add(
                  SimpleConditionEvent.violated(
                      method, method.getFullName() + " exposes " + type.getName()));
            }
          }
        }
      }
    };
  }

  // dev.gitops.promotion.<module>.internal.. is used only inside dev.gitops.promotion.<module>..;
  // core's dev.gitops.promotion.internal.. only inside core's own packages.
  private static ArchCondition<JavaClass> dependOnAnotherModulesInternals() {
    return new ArchCondition<>("depend on another module's .internal package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = moduleOf(origin.getPackageName());
        origin
            .getDirectDependenciesFromSelf()
            .forEach(
                d -> {
                  String target = d.getTargetClass().getPackageName();
                  if (target.startsWith(CORE)
                      && target.contains(".internal")
                      && !moduleOf(target).equals(from)) {
                    events.add(SimpleConditionEvent.satisfied(d, d.getDescription()));
                  }
                });
      }
    };
  }

  private static String moduleOf(String pkg) {
    for (String m : MODULE_ROOTS) {
      if (pkg.equals(CORE + "." + m) || pkg.startsWith(CORE + "." + m + ".")) {
        return m;
      }
    }
    return "core";
  }
}
