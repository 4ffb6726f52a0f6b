package org.sparkmlp.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler examples in deploy/schedule/ are valid for the tools that read them: cron's syntax (checked here),
 * the systemd units with {@code systemd-analyze verify}, the Airflow DAG with Python's compiler. A tool that is not
 * installed skips its check (Airflow itself is not packaged for Debian, so the DAG is compiled, not imported).
 */
class ScheduleExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLES = ROOT.resolve("deploy/schedule");
    private static final String JOB = "conf/fashion-scheduled.conf";

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).start();
        process.getOutputStream().close();
        var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
        return new Run(process.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean installed(String tool) {
        for (String bin : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(bin, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theCronEntryIsValidAndRunsTheScheduledJobFile() throws Exception {
        Pattern field = Pattern.compile("\\*|\\d+(-\\d+)?(,\\d+(-\\d+)?)*(/\\d+)?|\\*/\\d+");
        List<String> entries = new ArrayList<>();
        for (String line : Files.readAllLines(EXAMPLES.resolve("cron.example"))) {
            if (line.isBlank() || line.startsWith("#") || line.matches("[A-Z_]+=.*")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 7); // /etc/cron.d: five time fields, the user, the command
            assertEquals(7, parts.length, line);
            for (int i = 0; i < 5; i++) {
                assertTrue(field.matcher(parts[i]).matches(), "time field " + (i + 1) + ": " + line);
            }
            String command = parts[6];
            // cron turns an unescaped % into a newline (standard input): every % must be \%
            assertTrue(!command.replace("\\%", "").contains("%"), "unescaped % in: " + command);
            assertTrue(command.contains("deploy/mlp train --conf " + JOB + " --date "), command);
            Run syntax = run("sh", "-n", "-c", command.replace("\\%", "%"));
            assertEquals(0, syntax.exitCode(), syntax.err());
            entries.add(command);
        }
        assertEquals(1, entries.size());
        assertTrue(Files.isRegularFile(ROOT.resolve(JOB)));
    }

    @Test
    void theSystemdUnitsVerify() throws Exception {
        assumeTrue(installed("systemd-analyze"), "systemd-analyze is not installed");
        // a template is verified through an instance: the job file's name
        Path service =
                Files.copy(EXAMPLES.resolve("mlp-train@.service"), dir.resolve("mlp-train@fashion-scheduled.service"));
        Path timer = Files.copy(EXAMPLES.resolve("mlp-train@.timer"), dir.resolve("mlp-train@fashion-scheduled.timer"));
        Run verify = run("systemd-analyze", "verify", service.toString(), timer.toString());
        // it reports a setting it ignores on stderr but still exits 0
        assertEquals(0, verify.exitCode(), verify.err());
        assertEquals("", verify.err().strip());
        String unit = Files.readString(service);
        assertTrue(unit.contains("deploy/mlp train --conf conf/%i.conf --date"), unit);
        assertTrue(Files.isRegularFile(ROOT.resolve(JOB)));
    }

    @Test
    void theAirflowDagCompilesAndPassesTheLogicalDate() throws Exception {
        assumeTrue(installed("python3"), "python3 is not installed");
        Path dag = EXAMPLES.resolve("airflow_fashion_dag.py");
        Run compile = run(
                "python3",
                "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                dag.toString(),
                dir.resolve("dag.pyc").toString());
        assertEquals(0, compile.exitCode(), compile.err());
        String source = Files.readString(dag);
        assertTrue(
                source.contains("SparkSubmitOperator(")
                        && source.contains("java_class=\"org.sparkmlp.job.cli.MlpCommand\""),
                source);
        assertTrue(
                source.contains("\"conf/fashion-scheduled.conf\"") && source.contains("\"--date\", \"{{ ts }}\""),
                source);
    }
}
