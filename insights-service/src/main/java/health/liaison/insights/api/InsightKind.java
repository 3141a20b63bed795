package health.liaison.insights.api;

import health.liaison.insights.measures.Grouping;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The tables insights answers, who may read each, and how each may be split. */
enum InsightKind {
    FLOW("flow", Set.of("ADMIN", "COORDINATOR", "PROVIDER"), EnumSet.of(Grouping.CLINIC, Grouping.PROVIDER)),
    CONVERSION("conversion", Set.of("ADMIN", "COORDINATOR"),
            EnumSet.of(Grouping.CLINIC, Grouping.COORDINATOR, Grouping.SOURCE, Grouping.INTEREST)),
    FOLLOW_UP("follow-up", Set.of("ADMIN", "COORDINATOR"), EnumSet.of(Grouping.CLINIC, Grouping.COORDINATOR)),
    MONEY("money", Set.of("ADMIN", "COORDINATOR", "BILLING"), EnumSet.of(Grouping.CLINIC, Grouping.PROCEDURE)),
    EXPERIENCE("experience", Set.of("ADMIN", "COORDINATOR"), EnumSet.of(Grouping.CLINIC)),
    SUPPLIES("supplies", Set.of("ADMIN", "COORDINATOR", "INVENTORY"), EnumSet.of(Grouping.CLINIC));

    private final String path;
    private final Set<String> roles;
    private final Set<Grouping> groupings;

    InsightKind(String path, Set<String> roles, Set<Grouping> groupings) {
        this.path = path;
        this.roles = roles;
        this.groupings = groupings;
    }

    static Optional<InsightKind> ofPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }

    String path() {
        return path;
    }

    Set<String> roles() {
        return roles;
    }

    Set<Grouping> groupings() {
        return groupings;
    }
}
