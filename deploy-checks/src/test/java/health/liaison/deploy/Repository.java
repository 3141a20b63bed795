package health.liaison.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository the checks read, and the external tools (kubectl, docker-compose) they run. */
final class Repository {

    static final Path ROOT = locate();

    private Repository() {
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("k8s/base/kustomization.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run the deploy checks inside the Liaison repository (no k8s/ found above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command in the repository root; its standard output, or an exception with what it printed. */
    static String run(String... command) {
        try {
            Path err = Files.createTempFile("deploy-check", ".err");
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
            }
            String errors = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + errors);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> overlays() throws IOException {
        List<String> names = new ArrayList<>();
        try (var dirs = Files.list(ROOT.resolve("k8s/overlays"))) {
            dirs.filter(Files::isDirectory).forEach(d -> names.add(d.getFileName().toString()));
        }
        names.sort(String::compareTo);
        return names;
    }
}
