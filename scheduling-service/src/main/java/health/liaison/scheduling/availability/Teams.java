package health.liaison.scheduling.availability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The teams an appointment's needs allow: one candidate per need, no resource twice, in a stable order. */
final class Teams {

    private Teams() {
    }

    /**
     * Every combination of one candidate from each list, without a resource filling two needs, first-listed first, at
     * most {@code cap} of them. An empty list of candidates for any need means no team at all.
     */
    static List<List<String>> combinations(List<List<String>> candidatesPerNeed, int cap) {
        List<List<String>> teams = new ArrayList<>();
        extend(candidatesPerNeed, 0, new ArrayList<>(), new HashSet<>(), teams, cap);
        return teams;
    }

    private static void extend(List<List<String>> candidates, int need, List<String> team, Set<String> used,
                               List<List<String>> teams, int cap) {
        if (teams.size() >= cap) {
            return;
        }
        if (need == candidates.size()) {
            teams.add(List.copyOf(team));
            return;
        }
        for (String candidate : candidates.get(need)) {
            if (used.add(candidate)) {
                team.add(candidate);
                extend(candidates, need + 1, team, used, teams, cap);
                team.removeLast();
                used.remove(candidate);
            }
        }
    }
}
