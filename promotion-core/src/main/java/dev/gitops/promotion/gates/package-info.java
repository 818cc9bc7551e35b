/**
 * The built-in gates, pure and deterministic over a {@link dev.gitops.promotion.GateContext}: each
 * returns a {@link dev.gitops.promotion.Verdict} with reasons a person can act on and, for a wait,
 * the earliest time worth looking again.
 *
 * <ul>
 *   <li>{@link dev.gitops.promotion.gates.RequiredChecks}: named status checks, or those branch
 *       protection requires;
 *   <li>{@link dev.gitops.promotion.gates.Approvals}: N approvals by people other than the change's
 *       author, the promoted commit's author and bots, optionally one from a named group;
 *   <li>{@link dev.gitops.promotion.gates.CodeOwnerApprovals}: the CODEOWNERS file's owners of the
 *       changed paths;
 *   <li>{@link dev.gitops.promotion.gates.Window}: freeze and change windows over a {@link
 *       dev.gitops.promotion.schedule.Schedule}, with an emergency override;
 *   <li>{@link dev.gitops.promotion.gates.Soak}: how long the digest has run (healthy) upstream;
 *   <li>{@link dev.gitops.promotion.gates.UpstreamHealthy}: the upstream agent reports the
 *       promoting commit synced and healthy;
 *   <li>{@link dev.gitops.promotion.gates.Provenance} and {@link
 *       dev.gitops.promotion.gates.Pinning}: the planner's rules, as gates.
 * </ul>
 *
 * <p>Combine them with {@link dev.gitops.promotion.Gates#allOf}, {@link
 * dev.gitops.promotion.Gates#anyOf} and {@link dev.gitops.promotion.Gates#not}; write your own as a
 * lambda ({@link dev.gitops.promotion.Gate#named}).
 */
package dev.gitops.promotion.gates;
