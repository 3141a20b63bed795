package health.liaison.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU used by named processes (and by the whole machine) between {@link #start} and {@link #stop}, from
 * {@code /proc/<pid>/stat} (utime + stime) and {@code /proc/stat}, in cores: 1.0 is one core busy all the time.
 * Empty where {@code /proc} is not there.
 */
final class CpuUse {

    /** Linux reports times in clock ticks of 1/100 s (USER_HZ) on every common architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;
    private final Map<String, Long> startTicks = new LinkedHashMap<>();
    private long startMachineBusy;
    private long startNanos;

    private CpuUse(Map<String, Long> pids) {
        this.pids = pids;
    }

    static CpuUse start(Map<String, Long> pids) {
        CpuUse use = new CpuUse(pids);
        pids.forEach((name, pid) -> use.startTicks.put(name, ticks(pid)));
        use.startMachineBusy = machineBusyTicks();
        use.startNanos = System.nanoTime();
        return use;
    }

    /** Cores used by each process since {@link #start}, then {@code machine}: all processes of the machine. */
    Map<String, Double> stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long before = startTicks.get(name);
            long after = ticks(pid);
            if (before >= 0 && after >= 0) {
                cores.put(name, round((after - before) / TICKS_PER_SECOND / seconds));
            }
        });
        long busy = machineBusyTicks();
        if (startMachineBusy >= 0 && busy >= 0) {
            cores.put("machine", round((busy - startMachineBusy) / TICKS_PER_SECOND / seconds));
        }
        return cores;
    }

    /**
     * The process's and its descendants' (nginx's worker is a child of its master) CPU time, in ticks; this JVM's
     * own only, since every measured process is its child.
     */
    private static long ticks(long pid) {
        long own = ownTicks(pid);
        if (own < 0 || pid == ProcessHandle.current().pid()) {
            return own;
        }
        return own + ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .mapToLong(child -> Math.max(0, ownTicks(child.pid()))).sum();
    }

    private static long ownTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** user + nice + system + irq + softirq + steal of all cores ("cpu" line of /proc/stat). */
    private static long machineBusyTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] fields = lines.getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
