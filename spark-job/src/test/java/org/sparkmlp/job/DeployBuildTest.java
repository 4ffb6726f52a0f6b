package org.sparkmlp.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/lib/build.sh}'s choice of build for a checkout built before: none while the jar is newer than the
 * sources, an incremental {@code mvn package} after an edit, and {@code mvn clean package} once a compiled class's
 * source is gone (a class removed or renamed). Maven is a stand-in on the PATH that records its arguments and
 * rewrites the jar, as {@code package} does; the checkout is a skeleton of this one's layout.
 */
class DeployBuildTest {
    private static final FileTime BUILT = FileTime.from(Instant.parse("2026-12-01T00:00:00Z"));
    private static final FileTime EDITED = FileTime.from(Instant.parse("2026-12-01T01:00:00Z"));

    @TempDir
    Path checkout;

    private Path jar;
    private Path mvnLog;

    @BeforeEach
    void aCheckoutBuiltFromItsSources() throws IOException {
        for (String file : List.of(
                "pom.xml",
                "core-math/pom.xml",
                "core-math/src/main/java/org/sparkmlp/core/Matrix.java",
                "core-math/target/classes/org/sparkmlp/core/Matrix.class",
                "corpora/pom.xml",
                "corpora/src/main/java/org/sparkmlp/corpora/ManPageCorpus.java",
                "corpora/target/classes/org/sparkmlp/corpora/ManPageCorpus.class",
                "spark-job/pom.xml",
                "spark-job/src/main/java/org/sparkmlp/job/Job.java",
                "spark-job/src/main/java/org/sparkmlp/job/OldName.java",
                "spark-job/src/main/resources/log4j2.properties",
                "spark-job/target/generated-sources/protobuf/java/org/sparkmlp/job/proto/Onnx.java",
                "spark-job/target/classes/org/sparkmlp/job/Job.class",
                "spark-job/target/classes/org/sparkmlp/job/Job$Step.class",
                "spark-job/target/classes/org/sparkmlp/job/OldName.class",
                "spark-job/target/classes/org/sparkmlp/job/proto/Onnx.class",
                "spark-job/target/classes/log4j2.properties")) {
            Path path = checkout.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "");
        }
        try (Stream<Path> all = Files.walk(checkout)) {
            for (Path path : all.toList()) {
                Files.setLastModifiedTime(path, BUILT);
            }
        }
        jar = checkout.resolve("spark-job/target/spark-job-app.jar");
        Files.writeString(jar, "");
        Files.setLastModifiedTime(jar, EDITED);

        mvnLog = checkout.resolve("mvn.log");
        Path mvn = checkout.resolve("bin/mvn");
        Files.createDirectories(mvn.getParent());
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$*\" >> \"" + mvnLog + "\"\ntouch \"" + jar + "\"\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aJarNewerThanEverySourceIsUsedAsItIs() throws Exception {
        assertEquals("", ensureBuilt());
        assertTrue(Files.notExists(mvnLog), "no build");
    }

    @Test
    void anEditedSourceRebuildsIncrementally() throws Exception {
        Path job = checkout.resolve("spark-job/src/main/java/org/sparkmlp/job/Job.java");
        Files.setLastModifiedTime(job, FileTime.from(Instant.now()));
        assertEquals("test: building spark-job (mvn package) ...\n", ensureBuilt());
        assertEquals(
                List.of("-B -q -f " + checkout.resolve("pom.xml")
                        + " -pl spark-job -am -Dmaven.test.skip=true package"),
                Files.readAllLines(mvnLog));

        assertEquals("", ensureBuilt(), "the rebuilt jar is newer than the sources");
    }

    @Test
    void aRenamedSourceRebuildsFromClean() throws Exception {
        Path sources = checkout.resolve("spark-job/src/main/java/org/sparkmlp/job");
        Files.move(sources.resolve("OldName.java"), sources.resolve("NewName.java"));
        assertEquals(
                "test: building spark-job (mvn clean package: "
                        + "spark-job/target/classes/org/sparkmlp/job/OldName.class has no source) ...\n",
                ensureBuilt());
        assertEquals(
                List.of("-B -q -f " + checkout.resolve("pom.xml")
                        + " -pl spark-job -am -Dmaven.test.skip=true clean package"),
                Files.readAllLines(mvnLog));
    }

    /** Runs {@code ensure_built spark-job JAR} in the checkout; returns what it printed (stderr). */
    private String ensureBuilt() throws IOException, InterruptedException {
        ProcessBuilder bash = new ProcessBuilder(
                "bash",
                "-c",
                "set -euo pipefail; root=$1; script_name=test; source \"$2\"; ensure_built spark-job \"$3\"",
                "bash",
                checkout.toString(),
                Script.ROOT.resolve("deploy/lib/build.sh").toString(),
                jar.toString());
        bash.environment().put("PATH", checkout.resolve("bin") + ":" + System.getenv("PATH"));
        bash.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = bash.start();
        process.getOutputStream().close();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);
        return err;
    }
}
