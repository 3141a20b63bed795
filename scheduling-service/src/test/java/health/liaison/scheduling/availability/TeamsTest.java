package health.liaison.scheduling.availability;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TeamsTest {

    @Test
    void oneCandidatePerNeedInEveryCombination() {
        assertThat(Teams.combinations(List.of(List.of("dr-a", "dr-b"), List.of("anes-1"), List.of("or-1", "or-2")), 10))
                .containsExactly(List.of("dr-a", "anes-1", "or-1"), List.of("dr-a", "anes-1", "or-2"),
                        List.of("dr-b", "anes-1", "or-1"), List.of("dr-b", "anes-1", "or-2"));
    }

    @Test
    void aResourceNeverFillsTwoNeeds() {
        // a provider who is both the surgeon and, by role, a second provider need of the same kind
        assertThat(Teams.combinations(List.of(List.of("dr-a", "dr-b"), List.of("dr-a")), 10))
                .containsExactly(List.of("dr-b", "dr-a"));
    }

    @Test
    void aNeedNobodyCanFillMeansNoTeam() {
        assertThat(Teams.combinations(List.of(List.of("dr-a"), List.of()), 10)).isEmpty();
    }

    @Test
    void theSearchStopsAtTheCap() {
        assertThat(Teams.combinations(List.of(List.of("a", "b", "c"), List.of("x", "y", "z")), 4)).hasSize(4);
    }
}
