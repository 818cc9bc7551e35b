package dev.gitops.promotion.schedule;

import dev.gitops.promotion.InvalidInputException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Open whenever any member is open; written as the members separated by {@code ;}. Overlapping and
 * touching members make one unbroken stretch (see {@link Schedule}).
 *
 * @param members the windows, at least one, none of them an {@code AnyOf} (nested ones are
 *     flattened)
 */
public record AnyOf(List<Schedule> members) implements Schedule {

  /** Flattens nested any-ofs and checks that there is a member. */
  public AnyOf {
    List<Schedule> flat = new ArrayList<>();
    for (Schedule s : members) {
      if (s instanceof AnyOf nested) {
        flat.addAll(nested.members());
      } else {
        flat.add(java.util.Objects.requireNonNull(s, "member"));
      }
    }
    if (flat.isEmpty()) {
      throw new InvalidInputException("a schedule of any of several windows needs one at least");
    }
    members = List.copyOf(flat);
  }

  /** The members' zone when they share one, else UTC. */
  @Override
  public ZoneId zone() {
    ZoneId first = members.get(0).zone();
    return members.stream().allMatch(m -> m.zone().equals(first)) ? first : ZoneOffset.UTC;
  }

  /** The members, separated by {@code "; "}. */
  @Override
  public String toString() {
    return members.stream().map(Schedule::toString).collect(Collectors.joining("; "));
  }
}
