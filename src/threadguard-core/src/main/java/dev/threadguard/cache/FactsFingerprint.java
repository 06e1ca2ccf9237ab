package dev.threadguard.cache;

import com.github.javaparser.JavaParser;
import dev.threadguard.Version;
import dev.threadguard.facts.FactExtractor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What, besides a file's bytes and the options, decides its facts: threadguard's version, the shape of the
 * fact records ({@link RecordCodec#schema()}), the bytes of the code that extracts them and the parser's.
 * Two runs whose fingerprints are equal extract equal facts from equal files; a cache entry made under
 * another fingerprint is never read.
 *
 * <p>The version alone would not do: between releases a snapshot build changes the extractor without
 * changing its version. So the class files of threadguard's core are hashed too, all of them but the
 * packages that only read facts and write reports ({@link #READ_ONLY_PACKAGES}); a class added to the
 * extraction later is covered without anyone having to list it.
 */
final class FactsFingerprint {

    /** Packages of the core that never influence the facts of a file: excluding them keeps rebuilds cheap. */
    static final List<String> READ_ONLY_PACKAGES = List.of(
            "dev/threadguard/cli/", "dev/threadguard/report/", "dev/threadguard/baseline/", "dev/threadguard/config/");

    /** The format of an entry, raised by hand whenever {@link FactsCache} writes entries differently. */
    static final int FORMAT = 1;

    private FactsFingerprint() {
    }

    /** The fingerprint as hex, from the codec's schema and the code that runs; never throws. */
    static String compute(RecordCodec codec) {
        MessageDigest d = sha256();
        update(d, "threadguard facts cache format " + FORMAT);
        update(d, "version " + Version.get());
        update(d, codec.schema());
        for (var e : coreClasses().entrySet()) {
            update(d, e.getKey());
            d.update(e.getValue());
        }
        // The parser: its generated grammar and its front door change with every JavaParser release.
        for (String name : List.of("com/github/javaparser/GeneratedJavaParser.class",
                "com/github/javaparser/JavaParser.class", "com/github/javaparser/ParserConfiguration.class")) {
            update(d, name);
            d.update(resource(JavaParser.class, name));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Class files under {@code dev/threadguard/} where the extractor was loaded from, by name. */
    static TreeMap<String, byte[]> coreClasses() {
        TreeMap<String, byte[]> classes = new TreeMap<>();
        Path location = location();
        try {
            if (location != null && Files.isDirectory(location)) {
                Path root = location.resolve("dev/threadguard");
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                        String name = location.relativize(p).toString().replace('\\', '/');
                        if (counts(name)) {
                            classes.put(name, Files.readAllBytes(p));
                        }
                    }
                }
            } else if (location != null && Files.isRegularFile(location)) {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                        JarEntry e = en.nextElement();
                        if (e.getName().startsWith("dev/threadguard/") && e.getName().endsWith(".class")
                                && counts(e.getName())) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            classes.clear();
        }
        if (classes.isEmpty()) {
            // Loaded from somewhere that cannot be listed: the extractor's own classes at least.
            for (Class<?> c : List.of(FactExtractor.class)) {
                List<Class<?>> members = new ArrayList<>(List.of(c.getNestMembers()));
                for (Class<?> m : members) {
                    String name = m.getName().replace('.', '/') + ".class";
                    classes.put(name, resource(m, name));
                }
            }
        }
        return classes;
    }

    private static boolean counts(String name) {
        for (String p : READ_ONLY_PACKAGES) {
            if (name.startsWith(p)) {
                return false;
            }
        }
        return true;
    }

    private static Path location() {
        try {
            CodeSource source = FactExtractor.class.getProtectionDomain().getCodeSource();
            URL url = source == null ? null : source.getLocation();
            return url == null ? null : Path.of(url.toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] resource(Class<?> near, String name) {
        try (InputStream in = near.getClassLoader() == null ? null : near.getClassLoader().getResourceAsStream(name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void update(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((byte) (b.length >>> 24));
        d.update((byte) (b.length >>> 16));
        d.update((byte) (b.length >>> 8));
        d.update((byte) b.length);
        d.update(b);
    }
}
