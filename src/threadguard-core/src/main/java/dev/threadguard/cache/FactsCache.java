package dev.threadguard.cache;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.SourceDiscovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The facts of files already analysed, kept on disk between runs so that an unchanged file is neither read
 * by the parser nor walked again. An entry is named and checked by the SHA-256 of the
 * {@linkplain FactsFingerprint fingerprint} of threadguard, the options that change facts (language level,
 * encoding) and the file's bytes; its path is not part of it, and the file's own path inside its facts is
 * stored as a token, so a cache made in one checkout serves another (CI restores it elsewhere).
 *
 * <p>Nothing read from the cache is trusted: an entry whose header, key, length or checksum is wrong, or
 * whose bytes do not decode into valid records, is a miss, and the file is parsed and its entry written
 * again. The global phases run on the facts whatever their origin, so findings are the same with and
 * without the cache. Layout: {@code DIR/facts-<fingerprint, 16 hex>/<2 hex>/<62 hex>}; directories of other
 * fingerprints (another threadguard version) are removed when the cache is opened.
 */
public final class FactsCache {

    /** No cache: every file is parsed. */
    public static final FactsCache NONE = new FactsCache();

    private static final byte[] MAGIC = "TGFACTS".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 32 + 1 + 4 + 4;
    static final byte KIND_FACTS = 0;
    static final byte KIND_PROBLEM = 1;

    private static volatile Codec shared;

    private final Path directory;
    private final Path entries;
    private final Codec codec;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicReference<String> problem = new AtomicReference<>();

    private FactsCache() {
        this.directory = null;
        this.entries = null;
        this.codec = null;
    }

    private FactsCache(Path directory, Path entries, Codec codec) {
        this.directory = directory;
        this.entries = entries;
        this.codec = codec;
    }

    /**
     * The cache in {@code directory}, created if missing.
     *
     * @throws IOException when the directory cannot be created or is not a directory
     * @throws UnsupportedOperationException when the fact records hold a type the cache cannot store; the
     *                                       message says which
     */
    public static FactsCache open(Path directory) throws IOException {
        Codec c = codec();
        Files.createDirectories(directory);
        String dirName = "facts-" + c.fingerprint.substring(0, 16);
        Path entries = directory.resolve(dirName);
        Files.createDirectories(entries);
        removeOtherFingerprints(directory, dirName);
        return new FactsCache(directory, entries, c);
    }

    /** The codec and fingerprint, computed once per JVM: they depend only on the classes loaded. */
    static Codec codec() {
        Codec c = shared;
        if (c == null) {
            synchronized (FactsCache.class) {
                c = shared;
                if (c == null) {
                    try {
                        RecordCodec rc = RecordCodec.of(FileFacts.class, Diagnostic.class);
                        c = new Codec(rc, FactsFingerprint.compute(rc));
                    } catch (RecordCodec.UnsupportedTypeException e) {
                        throw new UnsupportedOperationException("the facts cache is off: " + e.getMessage(), e);
                    }
                    shared = c;
                }
            }
        }
        return c;
    }

    record Codec(RecordCodec records, String fingerprint) {
    }

    /** The cache's directory, as given; null for {@link #NONE}. */
    public Path directory() {
        return directory;
    }

    /** How the cache served this run so far. */
    public Stats stats() {
        return new Stats(hits.get(), misses.get(), rejected.get(), written.get(), problem.get());
    }

    /**
     * What the cache did.
     *
     * @param hits     files whose facts came from the cache
     * @param misses   files parsed (no entry, or an entry rejected)
     * @param rejected entries found but not trusted (corrupt, truncated, made for other bytes), then rebuilt
     * @param written  entries written
     * @param problem  the first reason an entry could not be written, or null
     */
    public record Stats(int hits, int misses, int rejected, int written, String problem) {
    }

    /**
     * The entry of {@code file} under {@code options}, whose content is {@code bytes}, as read once for the
     * parser ({@link dev.threadguard.source.JavaSources.Source#bytes()}): the file is not read again.
     */
    public Entry entry(SourceDiscovery.SourceFile file, byte[] bytes, AnalysisOptions options) {
        if (codec == null || bytes == null) {
            return Entry.NONE;
        }
        MessageDigest d = FactsFingerprint.sha256();
        d.update(codec.fingerprint.getBytes(StandardCharsets.US_ASCII));
        d.update((byte) 0);
        d.update(options.languageLevel().name().getBytes(StandardCharsets.US_ASCII));
        d.update((byte) 0);
        d.update(options.encoding().name().getBytes(StandardCharsets.US_ASCII));
        d.update((byte) 0);
        // The limits a file's bytes alone decide (the time budget is not one): an entry is found before the
        // file is decoded and scanned, so it must have passed the same ones.
        FileLimits limits = options.limits();
        d.update((limits.maxBytes() + "/" + limits.maxTokens() + "/" + limits.maxNesting() + "/"
                + limits.maxLambdaNesting()).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) 0);
        d.update(bytes);
        byte[] key = d.digest();
        String hex = HexFormat.of().formatHex(key);
        return new Entry(this, entries.resolve(hex.substring(0, 2)).resolve(hex.substring(2)), key, file.displayPath());
    }

    /** One file's place in the cache. */
    public static final class Entry {

        static final Entry NONE = new Entry(null, null, null, null);

        private final FactsCache cache;
        private final Path file;
        private final byte[] key;
        private final String displayPath;
        private FileFacts facts;
        private Diagnostic problem;

        private Entry(FactsCache cache, Path file, byte[] key, String displayPath) {
            this.cache = cache;
            this.file = file;
            this.key = key;
            this.displayPath = displayPath;
        }

        /** Reads the entry; true when it exists and is sound, and then {@link #facts()} or {@link #problem()} is set. */
        public boolean load() {
            if (cache == null) {
                return false;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                cache.misses.incrementAndGet();
                return false;
            } catch (IOException | RuntimeException e) {
                cache.rejected.incrementAndGet();
                cache.misses.incrementAndGet();
                return false;
            }
            try {
                decode(bytes);
                cache.hits.incrementAndGet();
                return true;
            } catch (IOException | RuntimeException | StackOverflowError e) {
                facts = null;
                problem = null;
                cache.rejected.incrementAndGet();
                cache.misses.incrementAndGet();
                return false;
            }
        }

        private void decode(byte[] bytes) throws IOException {
            if (bytes.length < HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new RecordCodec.CorruptException("not an entry");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            b.position(MAGIC.length);
            byte[] storedKey = new byte[32];
            b.get(storedKey);
            if (!Arrays.equals(storedKey, key)) {
                throw new RecordCodec.CorruptException("made for other bytes or another fingerprint");
            }
            byte kind = b.get();
            int length = b.getInt();
            int crc = b.getInt();
            if (length != bytes.length - HEADER) {
                throw new RecordCodec.CorruptException("length");
            }
            CRC32 check = new CRC32();
            check.update(bytes, HEADER, length);
            if ((int) check.getValue() != crc) {
                throw new RecordCodec.CorruptException("checksum");
            }
            FileOutcome outcome = FileOutcome.read(cache.codec, kind, bytes, HEADER, length, displayPath);
            facts = outcome.facts();
            problem = outcome.problem();
        }

        /** The facts read by {@link #load()}, or null when the file was a parse problem. */
        public FileFacts facts() {
            return facts;
        }

        /** The parse problem read by {@link #load()}, or null. */
        public Diagnostic problem() {
            return problem;
        }

        /**
         * Stores what analysing the file gave: its facts, or the problem that stopped the parser (a syntax
         * error, bad bytes; not a failure of threadguard itself, which a later version may not have).
         * Written to a temporary file and moved into place, so a reader never sees half an entry.
         */
        public void save(FileFacts facts, Diagnostic problem) {
            if (cache == null || (facts == null) == (problem == null)) {
                return;
            }
            try {
                save(new FileOutcome(facts, problem).encode(cache.codec, displayPath));
            } catch (IllegalStateException e) {
                cache.problem.compareAndSet(null, "cannot write " + file + ": " + e.getMessage());
            }
        }

        /**
         * Stores an outcome already encoded by {@link FileOutcome#encode} for this entry's path, as a parse
         * process sends it: written as it is, not encoded again.
         */
        public void save(FileOutcome.Encoded outcome) {
            if (cache != null) {
                save(outcome.kind(), outcome.payload());
            }
        }

        private void save(byte kind, byte[] payload) {
            try {
                CRC32 crc = new CRC32();
                crc.update(payload);
                ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
                b.put(MAGIC).put(key).put(kind).putInt(payload.length).putInt((int) crc.getValue()).put(payload);
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
                try {
                    Files.write(tmp, b.array());
                    move(tmp, file);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                cache.written.incrementAndGet();
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                cache.problem.compareAndSet(null, "cannot write " + file + ": " + e.getMessage());
            }
        }

        private static void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Deletes the entry directories of other fingerprints: a cache serves one threadguard build, and entries
     * no build will read again would only make a CI cache grow. Only directories named as this class names
     * them, holding only entry directories, are touched.
     */
    private static void removeOtherFingerprints(Path directory, String keep) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory, "facts-*")) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!name.equals(keep) && name.matches("facts-[0-9a-f]{16}") && Files.isDirectory(child)) {
                    deleteTree(child);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a stale directory left behind costs disk space, not correctness
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
