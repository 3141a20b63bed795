package health.liaison.gateway.protection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this gateway replica may let through without asking the shared counters: each claim on a user's counter
 * ({@link SharedCounters}) takes a batch of requests at once, and the ones the batch allows beyond the request that
 * claimed it are spent here with no round trip. The limit stays exact across replicas: a claim of {@code n} adds
 * {@code n} to the user's and the group's shared counts in one atomic write, and only the part of those {@code n}
 * that lay below both limits before the write is granted, so the ranges granted to all replicas never overlap and
 * never reach past the limit. Once a shared count has reached its limit the window is over for that user (or group)
 * on this replica too, and it is refused here without asking.
 *
 * <p>A user's first claim in a window is one request, and each next one doubles, up to {@link #MAX_BATCH} and
 * never more than a quarter of the room last seen under either limit, so a user who sends one request takes one,
 * and near a limit batches shrink to one. What a replica holds unused when a user stops is never let through by
 * another: the limit can come a little early then (by at most that user's last batch), never late.
 */
final class LocalAllowances {

    static final int MAX_BATCH = 16;

    private final long perUser;
    private final long perTenant;
    private final Map<String, UserLease> users = new ConcurrentHashMap<>();
    private final Map<String, TenantSeen> tenants = new ConcurrentHashMap<>();
    private volatile long newestWindow = Long.MIN_VALUE;

    LocalAllowances(long perUser, long perTenant) {
        this.perUser = perUser;
        this.perTenant = perTenant;
    }

    /** Lets one request through from what this replica already holds for the user in the window. */
    boolean takeHeld(String tenant, String user, long window) {
        UserLease lease = users.get(userKey(tenant, user, window));
        return lease != null && lease.take();
    }

    /** Whether the shared counts have reached a limit for the rest of the window (and nothing is held here). */
    boolean exhausted(String tenant, String user, long window) {
        TenantSeen group = tenants.get(tenantKey(tenant, window));
        if (group != null && group.exhausted) {
            return true;
        }
        UserLease lease = users.get(userKey(tenant, user, window));
        return lease != null && lease.exhausted();
    }

    /** How many requests the next claim on the shared counters asks for. */
    int claimSize(String tenant, String user, long window) {
        forgetEarlierThan(window);
        UserLease lease = users.computeIfAbsent(userKey(tenant, user, window), key -> new UserLease());
        TenantSeen group = tenants.computeIfAbsent(tenantKey(tenant, window), key -> new TenantSeen());
        return lease.claimSize(perUser, perTenant - group.seen);
    }

    /**
     * Takes a claim's outcome: the shared counts after adding {@code claimed}. Answers whether the request that
     * claimed may go through; what else was granted is held for the next requests of the user.
     */
    boolean claimed(String tenant, String user, long window, int claimed, long userAfter, long tenantAfter) {
        long userGrant = Math.clamp(perUser - (userAfter - claimed), 0, claimed);
        long tenantGrant = Math.clamp(perTenant - (tenantAfter - claimed), 0, claimed);
        int granted = (int) Math.min(userGrant, tenantGrant);
        TenantSeen group = tenants.computeIfAbsent(tenantKey(tenant, window), key -> new TenantSeen());
        group.saw(tenantAfter, perTenant);
        UserLease lease = users.computeIfAbsent(userKey(tenant, user, window), key -> new UserLease());
        return lease.granted(granted, userAfter, perUser);
    }

    private void forgetEarlierThan(long window) {
        if (window > newestWindow) {
            newestWindow = window;
            String suffix = "@" + window;
            users.keySet().removeIf(key -> !key.endsWith(suffix));
            tenants.keySet().removeIf(key -> !key.endsWith(suffix));
        }
    }

    private static String userKey(String tenant, String user, long window) {
        return tenant + '\u0000' + user + '@' + window;
    }

    private static String tenantKey(String tenant, long window) {
        return tenant + '@' + window;
    }

    /** One user's requests held by this replica in one window. */
    private static final class UserLease {
        private int held;
        private int nextBatch = 1;
        private long seen;
        private boolean exhausted;

        synchronized boolean take() {
            if (held > 0) {
                held--;
                return true;
            }
            return false;
        }

        synchronized boolean exhausted() {
            return exhausted && held == 0;
        }

        synchronized int claimSize(long perUser, long tenantRoom) {
            long room = Math.min(perUser - seen, tenantRoom);
            return (int) Math.max(1, Math.min(nextBatch, room / 4));
        }

        synchronized boolean granted(int granted, long userAfter, long perUser) {
            seen = Math.max(seen, userAfter);
            nextBatch = Math.min(MAX_BATCH, nextBatch * 2);
            if (userAfter >= perUser) {
                exhausted = true;
            }
            if (granted <= 0) {
                return false;
            }
            held += granted - 1;
            return true;
        }
    }

    /** The highest count of a practice group this replica has seen in one window. */
    private static final class TenantSeen {
        private volatile long seen;
        private volatile boolean exhausted;

        synchronized void saw(long count, long perTenant) {
            seen = Math.max(seen, count);
            if (count >= perTenant) {
                exhausted = true;
            }
        }
    }
}
