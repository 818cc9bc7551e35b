package dev.gitops.promotion.git.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gitops.promotion.InvalidInputException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error path of the pipeline file: where (file:line:col) and what (problem; expected). */
class PipelineFileErrorsTest {

  static final String ENVS = "environments: [dev, staging, production]\n";

  static Stream<Arguments> errors() {
    return Stream.of(
        // name, file, location, fragments the message must contain
        of("malformed YAML", "environments: [dev, staging\n", "2:1", "malformed YAML", "expected"),
        of("tab indentation", "environments:\n\t- dev\n", "2:1", "malformed YAML"),
        of("empty file", "# nothing here\n", "1:1", "holds no YAML document", "expected a mapping"),
        of("two documents", ENVS + "---\n" + ENVS, "3:1", "a second YAML document"),
        of(
            "top level is a list",
            "- dev\n",
            "1:1",
            "the pipeline file is a list",
            "expected a mapping"),
        of(
            "unknown top-level key",
            "enviroments: [dev]\n",
            "1:1",
            "unknown key 'enviroments' in the pipeline file",
            "did you mean 'environments'?",
            "expected one of: version, layout, environments"),
        of(
            "duplicate top-level key",
            ENVS + ENVS,
            "2:1",
            "key 'environments' appears twice",
            "first at promotion.yaml:1:1"),
        of(
            "no environments",
            "applications: []\n",
            "1:1",
            "has no 'environments'",
            "expected 'environments'"),
        of("environments empty", "environments: []\n", "1:15", "'environments' is an empty list"),
        of(
            "environments null",
            "environments:\n",
            "1:14",
            "'environments' of the pipeline file is empty"),
        of(
            "version 2",
            "version: 2\n" + ENVS,
            "1:10",
            "'version' is 2",
            "expected a whole number from 1 to 1"),
        of(
            "unknown environment key",
            "environments:\n  - name: dev\n    delivry: direct\n",
            "3:5",
            "unknown key 'delivry' in an environment",
            "did you mean 'delivery'?"),
        of(
            "bad delivery",
            "environments:\n  - name: dev\n    delivery: direkt\n",
            "3:15",
            "'delivery' of environment 'dev' is 'direkt'",
            "did you mean 'direct'?",
            "expected one of: direct, change-request"),
        of(
            "requireDigest yes",
            "environments:\n  - name: dev\n    requireDigest: yes\n",
            "3:20",
            "'requireDigest' of environment 'dev' is 'yes'",
            "expected true or false"),
        of(
            "provenance typo",
            "environments:\n  - name: dev\n    provenance: curent\n",
            "3:17",
            "did you mean 'current'?"),
        of(
            "environment without name",
            "environments:\n  - delivery: direct\n",
            "2:5",
            "an environment has no 'name'"),
        of(
            "duplicate environment",
            "environments: [dev, staging, dev]\n",
            "1:30",
            "environment 'dev' is declared twice (first at promotion.yaml:1:16)"),
        of(
            "invalid environment name",
            "environments: [Dev]\n",
            "1:16",
            "invalid environment name 'Dev'",
            "expected 1 to 63 lowercase letters"),
        of(
            "invalid branch",
            "environments:\n  - name: dev\n    branch: main..x\n",
            "3:13",
            "'main..x' is not a valid Git branch name"),
        of(
            "unknown gate",
            "environments:\n  - name: dev\n    gates: [required-check]\n",
            "3:13",
            "unknown gate 'required-check' in environment 'dev'",
            "did you mean 'required-checks'?",
            "expected one of: required-checks, approvals, soak"),
        of(
            "unknown gate parameter",
            "environments:\n  - name: dev\n    gates: [{name: required-checks, check: [smoke]}]\n",
            "3:37",
            "unknown parameter 'check' of gate 'required-checks'",
            "did you mean 'checks'?",
            "checks: a list of text values"),
        of(
            "missing gate parameter",
            "environments:\n  - name: dev\n    gates: [{name: approvals}]\n",
            "3:13",
            "gate 'approvals' of environment 'dev' has no 'count'",
            "expected count (required): a whole number from 1 to 10"),
        of(
            "gate without name",
            "environments:\n  - name: dev\n    gates: [{count: 2}]\n",
            "3:13",
            "a gate of environment 'dev' has no 'name'"),
        of(
            "approvals zero",
            "environments:\n  - name: dev\n    gates: [{name: approvals, count: 0}]\n",
            "3:38",
            "'count' of gate 'approvals' of environment 'dev' is 0",
            "expected a whole number from 1 to 10"),
        of(
            "approvals text",
            "environments:\n  - name: dev\n    gates: [{name: approvals, count: two}]\n",
            "3:38",
            "is 'two'"),
        of(
            "soak duration",
            "environments:\n  - name: dev\n    gates: [{name: soak, duration: 2 hours}]\n",
            "3:36",
            "'duration' of gate 'soak' of environment 'dev' is '2 hours'",
            "expected a duration like 30m"),
        of(
            "change window hours",
            "environments:\n  - name: dev\n    gates: [{name: change-window, hours: 9-17}]\n",
            "3:42",
            "is '9-17'",
            "expected a time range like 09:00-17:00"),
        of(
            "change window day",
            "environments:\n  - name: dev\n    gates: [{name: change-window, hours: '09:00-17:00', days: [mon, tues]}]\n",
            "3:69",
            "a day of 'days' of gate 'change-window' of environment 'dev' is 'tues'",
            "did you mean 'tue'?"),
        of(
            "change window zone",
            "environments:\n  - name: dev\n    gates: [{name: change-window, hours: '09:00-17:00', zone: Mars/Olympus}]\n",
            "3:63",
            "not a known time zone"),
        of(
            "freeze window time",
            "environments:\n  - name: dev\n    gates: [{name: freeze-window, from: tomorrow, until: '2027-01-01T00:00:00Z'}]\n",
            "3:41",
            "'from' of gate 'freeze-window' of environment 'dev' is 'tomorrow'",
            "expected an ISO-8601 time"),
        of(
            "gate twice",
            "environments:\n  - name: dev\n    gates: [upstream-healthy, upstream-healthy]\n",
            "3:31",
            "gate 'upstream-healthy' is declared twice"),
        of(
            "edge to unknown environment",
            ENVS + "edges: [[dev, stagin]]\n",
            "2:15",
            "unknown environment 'stagin'",
            "did you mean 'staging'?",
            "expected one of the declared environments: dev, staging, production"),
        of(
            "edge with three items",
            ENVS + "edges: [[dev, staging, production]]\n",
            "2:9",
            "an edge has 3 items",
            "expected [from, to]"),
        of(
            "edge text without arrow",
            ENVS + "edges: [dev to staging]\n",
            "2:9",
            "is not 'from -> to'"),
        of(
            "edges with a cycle",
            ENVS + "edges: [[dev, staging], [staging, production], [production, staging]]\n",
            "2:8",
            "the pipeline is not valid",
            "expected one entry environment"),
        of(
            "edges with two entries",
            ENVS + "edges: [[dev, production], [staging, production]]\n",
            "2:8",
            "exactly one entry environment"),
        of("edges empty", ENVS + "edges: []\n", "2:8", "'edges' is an empty list"),
        of(
            "unknown application key",
            ENVS + "applications:\n  - name: api\n    image: ghcr.io/o/api\n    dependson: [x]\n",
            "5:5",
            "unknown key 'dependson' in an application",
            "did you mean 'dependsOn'?"),
        of(
            "application without image",
            ENVS + "applications:\n  - name: api\n",
            "3:5",
            "an application has no 'image'"),
        of(
            "image with a tag",
            ENVS + "applications:\n  - name: api\n    image: ghcr.io/o/api:1.0\n",
            "4:12",
            "'image' of application 'api' carries a tag or digest",
            "expected the repository alone, like 'ghcr.io/o/api'"),
        of(
            "image not a reference",
            ENVS + "applications:\n  - name: api\n    image: 'ghcr.io/O/api!'\n",
            "4:12",
            "'image' of application 'api' is not an image repository"),
        of(
            "duplicate application",
            ENVS + "applications:\n  - {name: api, image: a/api}\n  - {name: api, image: a/api}\n",
            "4:12",
            "application 'api' is declared twice"),
        of(
            "dependsOn unknown application",
            ENVS
                + "applications:\n  - {name: payments, image: o/payments}\n  - {name: api, image: o/api, dependsOn: [payment]}\n",
            "4:43",
            "unknown application 'payment'",
            "did you mean 'payments'?"),
        of(
            "dependsOn itself",
            ENVS + "applications:\n  - {name: api, image: o/api, dependsOn: api}\n",
            "3:42",
            "application 'api' depends on itself"),
        of(
            "dependency cycle",
            ENVS
                + "applications:\n  - {name: a, image: o/a, dependsOn: [b]}\n  - {name: b, image: o/b, dependsOn: [a]}\n",
            "3:38",
            "applications depend on each other in a cycle: a -> b -> a"),
        of(
            "location for an unknown environment",
            ENVS
                + "applications:\n  - name: api\n    image: o/api\n    locations:\n      prod: x.yaml\n",
            "6:7",
            "unknown environment 'prod'"),
        of(
            "location leaving the repository",
            ENVS
                + "applications:\n  - name: api\n    image: o/api\n    locations:\n      dev: ../outside/kustomization.yaml\n",
            "6:12",
            "'..'",
            "paths must stay inside the repository"),
        of(
            "absolute location",
            ENVS
                + "applications:\n  - name: api\n    image: o/api\n    locations:\n      dev: {path: /etc/passwd}\n",
            "6:19",
            "must be relative to the repository root"),
        of(
            "location unknown key",
            ENVS
                + "applications:\n  - name: api\n    image: o/api\n    locations:\n      dev: {pth: a.yaml}\n",
            "6:13",
            "unknown key 'pth'",
            "did you mean 'path'?"),
        of(
            "location outside deployed environments",
            ENVS
                + "applications:\n  - name: api\n    image: o/api\n    environments: [dev]\n    locations:\n      staging: a.yaml\n",
            "7:7",
            "has a location for 'staging' but is not deployed there"),
        of(
            "unknown access key",
            ENVS + "access:\n  bot: [ci@o.com]\n",
            "3:3",
            "unknown key 'bot' in 'access'",
            "did you mean 'bots'?"),
        of(
            "bot that is no email",
            ENVS + "access:\n  bots: [ci-bot]\n",
            "3:10",
            "'ci-bot' in 'access.bots' is not an email"),
        of(
            "bot environment unknown",
            ENVS + "access:\n  botEnvironments: [devv]\n",
            "3:21",
            "unknown environment 'devv'",
            "did you mean 'dev'?"),
        of(
            "promoters for an unknown environment",
            ENVS + "access:\n  promoters:\n    prodution: ['*@o.com']\n",
            "4:5",
            "did you mean 'production'?"),
        of(
            "unknown overlay format",
            ENVS
                + "applications:\n  - name: api\n    image: o/api\n    locations:\n      dev: {path: a.yaml, format: kustomise}\n",
            "6:35",
            "'format' of the location of application 'api' in 'dev' is 'kustomise'",
            "did you mean 'kustomize'?",
            "expected one of: kustomize, helm, manifest, flux, argocd-image-updater"),
        of(
            "layout mode typo",
            "layout: branch\n" + ENVS,
            "1:9",
            "'layout' is 'branch'",
            "did you mean 'branches'?"),
        of(
            "layout path without app",
            "layout: {path: 'deploy/{env}/kustomization.yaml'}\n" + ENVS,
            "1:16",
            "'layout.path' has no {app} placeholder"),
        of(
            "layout path with unknown placeholder",
            "layout: {path: 'apps/{application}/{env}/k.yaml'}\n" + ENVS,
            "1:16",
            "placeholder other than {app} and {env}"));
  }

  private static Arguments of(String name, String yaml, String at, String... fragments) {
    return Arguments.of(name, yaml, at, fragments);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsWhereAndWhat(String name, String yaml, String at, String[] fragments) {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> PipelineFile.parse("promotion.yaml", yaml));
    assertThat(e).as(name + ": no error for\n" + yaml).isNotNull();
    assertThat(e.location()).as(e.getMessage()).contains("promotion.yaml:" + at);
    assertThat(e.getMessage()).startsWith("promotion.yaml:" + at + ": ");
    assertThat(e.getMessage()).contains(fragments);
    assertThat(e.getMessage()).as("names the expected shape").contains("expected");
  }
}
