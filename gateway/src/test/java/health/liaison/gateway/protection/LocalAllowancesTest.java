package health.liaison.gateway.protection;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LocalAllowancesTest {

    private static final long WINDOW = 1_000;

    /** The shared counters as MongoDB keeps them: one atomic add per claim, answering the counts after it. */
    private static final class Shared {
        final Map<String, Long> users = new HashMap<>();
        final Map<String, Long> tenants = new HashMap<>();
        int claims;

        long[] add(String tenant, String user, int n) {
            claims++;
            return new long[] {users.merge(tenant + "/" + user, (long) n, Long::sum), tenants.merge(tenant, (long) n, Long::sum)};
        }
    }

    private static boolean request(LocalAllowances replica, Shared shared, String tenant, String user) {
        if (replica.takeHeld(tenant, user, WINDOW)) {
            return true;
        }
        if (replica.exhausted(tenant, user, WINDOW)) {
            return false;
        }
        int n = replica.claimSize(tenant, user, WINDOW);
        long[] after = shared.add(tenant, user, n);
        return replica.claimed(tenant, user, WINDOW, n, after[0], after[1]);
    }

    @Test
    void twoReplicasTakingTurnsLetThroughExactlyTheUsersAllowanceAndAskTheCountersFarLessThanOncePerRequest() {
        Shared shared = new Shared();
        List<LocalAllowances> replicas = List.of(new LocalAllowances(40, 6000), new LocalAllowances(40, 6000));
        int allowed = 0;
        for (int i = 0; i < 60; i++) {
            if (request(replicas.get(i % 2), shared, "aurora", "nurse")) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(40);

        Shared busy = new Shared();
        LocalAllowances one = new LocalAllowances(100_000, 1_000_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(request(one, busy, "aurora", "coordinator")).isTrue();
        }
        assertThat(busy.claims).isLessThan(10_000 / LocalAllowances.MAX_BATCH + 10);
    }

    @Test
    void aGroupOfUsersWhoEachSendOneRequestGetsExactlyTheGroupsAllowance() {
        Shared shared = new Shared();
        LocalAllowances replica = new LocalAllowances(10, 30);
        int allowed = 0;
        for (int i = 0; i < 45; i++) {
            if (request(replica, shared, "belmont", "user-" + i)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(30);
        assertThat(request(replica, shared, "belmont", "newcomer")).isFalse();
        assertThat(request(replica, shared, "aurora", "newcomer")).isTrue();
    }

    @Test
    void claimsInterleavedAcrossThreeReplicasNeverLetThroughMoreThanTheLimitAndUseAlmostAllOfIt() {
        Random random = new Random(19);
        for (int run = 0; run < 200; run++) {
            Shared shared = new Shared();
            List<LocalAllowances> replicas = List.of(new LocalAllowances(50, 120), new LocalAllowances(50, 120), new LocalAllowances(50, 120));
            Map<String, Integer> allowedPerUser = new HashMap<>();
            int allowed = 0;
            // claims computed on several replicas before any of their writes lands, as concurrent requests do
            List<Runnable> pending = new ArrayList<>();
            int[] allowedBox = new int[1];
            for (int i = 0; i < 600; i++) {
                LocalAllowances replica = replicas.get(random.nextInt(3));
                String user = "u" + random.nextInt(4);
                if (replica.takeHeld("t", user, WINDOW)) {
                    allowedBox[0]++;
                    allowedPerUser.merge(user, 1, Integer::sum);
                } else if (!replica.exhausted("t", user, WINDOW)) {
                    int n = replica.claimSize("t", user, WINDOW);
                    pending.add(() -> {
                        long[] after = shared.add("t", user, n);
                        if (replica.claimed("t", user, WINDOW, n, after[0], after[1])) {
                            allowedBox[0]++;
                            allowedPerUser.merge(user, 1, Integer::sum);
                        }
                    });
                }
                if (pending.size() >= 1 + random.nextInt(4)) {
                    pending.forEach(Runnable::run);
                    pending.clear();
                }
            }
            pending.forEach(Runnable::run);
            allowed = allowedBox[0];
            assertThat(allowed).as("run %d", run).isLessThanOrEqualTo(120);
            assertThat(allowedPerUser.values()).as("run %d", run).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(50));
            assertThat(allowed).as("run %d: held back early by at most a few batches", run).isGreaterThanOrEqualTo(120 - 3 * LocalAllowances.MAX_BATCH);
        }
    }
}
