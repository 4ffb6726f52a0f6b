package org.sparkmlp.job;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
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
    private final List<String> outLines = new ArrayList<>();
    private final CompletableFuture<Void> outDone;
    private final CompletableFuture<String> err;

    private Script(Process process) {
        this.process = process;
        // both streams are drained on their own threads so that a chatty process can never block
        this.outDone = CompletableFuture.runAsync(this::readOut);
        this.err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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

    private void readOut() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (outLines) {
                    outLines.add(line);
                    outLines.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the process prints a line matching {@code wanted}, and returns it; fails if it ends first. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (outLines) {
            while (System.nanoTime() < deadline) {
                for (; seen < outLines.size(); seen++) {
                    if (wanted.test(outLines.get(seen))) {
                        return outLines.get(seen);
                    }
                }
                if (outDone.isDone()) {
                    fail("the process ended without the awaited line:\n"
                            + finish(Duration.ofSeconds(10)).describe());
                }
                outLines.wait(200);
            }
        }
        fail("no awaited line within " + timeout + "; so far:\n" + String.join("\n", outLines));
        return null;
    }

    public Process process() {
        return process;
    }

    public Result finish(Duration timeout) throws Exception {
        assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), "still running after " + timeout);
        outDone.get(10, TimeUnit.SECONDS);
        synchronized (outLines) {
            return new Result(process.exitValue(), String.join("\n", outLines), err.get(10, TimeUnit.SECONDS));
        }
    }
}
