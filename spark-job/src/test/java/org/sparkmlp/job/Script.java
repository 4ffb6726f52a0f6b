package org.sparkmlp.job;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One of the checkout's scripts ({@code deploy/...}) run as a user runs it, in the checkout's root directory. */
public final class Script {
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    public record Result(int exitCode, String out, String err) {
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Process process;
    private final Lines out;
    private final Lines err;

    private Script(Process process) {
        this.process = process;
        // both streams are drained on their own threads so that a chatty process can never block
        this.out = new Lines(process.getInputStream());
        this.err = new Lines(process.getErrorStream());
    }

    /** Starts {@code deploy/<script> args...} with {@code env} added to this JVM's environment. */
    public static Script start(Map<String, String> env, String script, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve(script).toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().remove("SPARK_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new Script(process);
    }

    public static Result run(Map<String, String> env, String script, List<String> args) throws Exception {
        return start(env, script, args).finish(Duration.ofMinutes(5));
    }

    public static Result run(Map<String, String> env, String script, String... args) throws Exception {
        return run(env, script, List.of(args));
    }

    /** Waits until the process prints a line matching {@code wanted}, and returns it; fails if it ends first. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws Exception {
        return await(out, wanted, timeout);
    }

    /** {@link #awaitLine} on standard error (the log lines of deploy/mlp). */
    public String awaitErrorLine(Predicate<String> wanted, Duration timeout) throws Exception {
        return await(err, wanted, timeout);
    }

    private String await(Lines stream, Predicate<String> wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (stream.lines) {
            while (System.nanoTime() < deadline) {
                for (; seen < stream.lines.size(); seen++) {
                    if (wanted.test(stream.lines.get(seen))) {
                        return stream.lines.get(seen);
                    }
                }
                if (stream.done.isDone()) {
                    fail("the process ended without the awaited line:\n"
                            + finish(Duration.ofSeconds(10)).describe());
                }
                stream.lines.wait(200);
            }
        }
        fail("no awaited line within " + timeout + "; so far:\n" + stream.text());
        return null;
    }

    public Process process() {
        return process;
    }

    public Result finish(Duration timeout) throws Exception {
        assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), "still running after " + timeout);
        out.done.get(10, TimeUnit.SECONDS);
        err.done.get(10, TimeUnit.SECONDS);
        return new Result(process.exitValue(), out.text(), err.text());
    }

    /** A stream's lines as they come, read on a thread of its own. */
    private static final class Lines {
        final List<String> lines = new ArrayList<>();
        final CompletableFuture<Void> done;

        Lines(InputStream stream) {
            this.done = CompletableFuture.runAsync(() -> read(stream));
        }

        private void read(InputStream stream) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
