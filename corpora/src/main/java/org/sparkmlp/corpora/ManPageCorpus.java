package org.sparkmlp.corpora;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A labelled text corpus built from the manual pages installed on this machine: a document is the troff source of
 * one page (its first {@value #MAX_CHARS} characters), its label the index of its section in {@link #SECTIONS}.
 * Links, pages that only point to another ({@code .so}) and very short ones are left out. Pages are taken in file-name
 * order, at most {@code perSection} of each section, so the corpus is the same on every run of one machine.
 */
public final class ManPageCorpus {
    /** The sections used, label 0 first: user commands, system calls, library calls, file formats, overviews, admin. */
    public static final List<String> SECTIONS = List.of("1", "2", "3", "5", "7", "8");

    static final Path ROOT = Path.of("/usr/share/man");
    private static final int MAX_CHARS = 4000;
    private static final int MIN_CHARS = 400;

    /** One document: its section's label and its text. */
    public record Document(int label, String text) {}

    private ManPageCorpus() {}

    /**
     * The corpus, or an empty list if this machine has fewer than {@code perSection} / 2 usable pages in some
     * section (see {@link #missing}).
     */
    public static List<Document> read(int perSection) {
        List<Document> documents = new ArrayList<>();
        for (int label = 0; label < SECTIONS.size(); label++) {
            List<Document> section = section(label, perSection);
            if (section.size() < perSection / 2) {
                return List.of();
            }
            documents.addAll(section);
        }
        return documents;
    }

    /** Whether the document at {@code index} of {@link #read}'s list is held out for testing: every fifth. */
    public static boolean heldOut(int index) {
        return index % 5 == 4;
    }

    /** What a test that skips should say when {@link #read} is empty. */
    public static String missing(int perSection) {
        return "too few manual pages under " + ROOT + " (at least " + perSection / 2 + " per section " + SECTIONS
                + "; apt-get install man-db manpages manpages-dev, in an image that keeps /usr/share/man)";
    }

    /**
     * Writes the documents as LIBSVM lines, {@code label index:count …}: the terms Spark ML's {@code Tokenizer}
     * makes of the text (lower case, split at white space), hashed into {@code numFeatures} by {@code HashingTF}, so
     * the rows are the ones the text pipeline trains on. The {@link #heldOut} documents go to {@code test}.
     */
    public static void writeLibsvm(List<Document> documents, int numFeatures, Path train, Path test)
            throws IOException {
        org.apache.spark.ml.feature.HashingTF hashing =
                new org.apache.spark.ml.feature.HashingTF().setNumFeatures(numFeatures);
        StringBuilder trainLines = new StringBuilder();
        StringBuilder testLines = new StringBuilder();
        for (int i = 0; i < documents.size(); i++) {
            java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
            for (String term :
                    documents.get(i).text().toLowerCase(java.util.Locale.ROOT).split("\\s")) {
                counts.merge(hashing.indexOf(term), 1, Integer::sum);
            }
            StringBuilder line = heldOut(i) ? testLines : trainLines;
            line.append(documents.get(i).label());
            counts.forEach((index, count) ->
                    line.append(' ').append(index + 1).append(':').append(count));
            line.append('\n');
        }
        Files.writeString(train, trainLines);
        Files.writeString(test, testLines);
    }

    private static List<Document> section(int label, int perSection) {
        Path dir = ROOT.resolve("man" + SECTIONS.get(label));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> pages = Files.list(dir)) {
            for (Path page :
                    pages.filter(p -> p.toString().endsWith(".gz")).sorted().toList()) {
                if (documents.size() == perSection) {
                    break;
                }
                String text = text(page);
                if (text.length() >= MIN_CHARS && !text.startsWith(".so ")) {
                    documents.add(new Document(label, text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static String text(Path page) throws IOException {
        if (Files.isSymbolicLink(page) || !Files.isRegularFile(page)) {
            return "";
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(page))) {
            String text = new String(in.readNBytes(MAX_CHARS * 4), StandardCharsets.UTF_8);
            return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        } catch (java.util.zip.ZipException e) {
            return ""; // not gzip after all: not a page this corpus reads
        }
    }
}
