package dev.threadguard.cache;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.source.Diagnostic;

import java.io.IOException;

/**
 * What analysing one file gave, its facts or the problem that stopped the parser, in the binary form of the
 * facts cache: how a cache entry stores it, and how a parse process ({@code ParseWorker}) sends it back to
 * the run that asked. Encoding and decoding give back equal records, sets and maps in the same order, so the
 * findings do not depend on where a file was parsed.
 *
 * @param facts   the file's facts, or null
 * @param problem why it has none, or null; exactly one of the two is set
 */
public record FileOutcome(FileFacts facts, Diagnostic problem) {

    public FileOutcome {
        if ((facts == null) == (problem == null)) {
            throw new IllegalArgumentException("an outcome is facts or a problem");
        }
    }

    /** An outcome in bytes: its kind (facts or problem) and the records, with the file's path as a token. */
    public record Encoded(byte kind, byte[] payload) {
    }

    /**
     * This outcome in bytes, {@code path} written as a token.
     *
     * @throws UnsupportedOperationException when the fact records hold a type the codec cannot store
     */
    public Encoded encode(String path) {
        return encode(FactsCache.codec(), path);
    }

    Encoded encode(FactsCache.Codec codec, String path) {
        return facts != null
                ? new Encoded(FactsCache.KIND_FACTS, codec.records().write(FileFacts.class, facts, path))
                : new Encoded(FactsCache.KIND_PROBLEM, codec.records().write(Diagnostic.class, problem, path));
    }

    /**
     * The outcome {@link #encode} wrote, its path token read as {@code path}.
     *
     * @throws IOException when the bytes are not an outcome
     */
    public static FileOutcome decode(Encoded encoded, String path) throws IOException {
        byte[] p = encoded.payload();
        return read(FactsCache.codec(), encoded.kind(), p, 0, p.length, path);
    }

    static FileOutcome read(FactsCache.Codec codec, byte kind, byte[] bytes, int offset, int length, String path)
            throws IOException {
        RecordCodec records = codec.records();
        if (kind == FactsCache.KIND_FACTS) {
            return new FileOutcome((FileFacts) records.read(FileFacts.class, bytes, offset, length, path), null);
        }
        if (kind == FactsCache.KIND_PROBLEM) {
            return new FileOutcome(null, (Diagnostic) records.read(Diagnostic.class, bytes, offset, length, path));
        }
        throw new RecordCodec.CorruptException("kind " + kind);
    }
}
