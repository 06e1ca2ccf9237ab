package dev.threadguard.index;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Compiled types the analysed sources use: the running JDK's (through the {@code jrt:/} file system) and
 * those of a user class path (jars and directories). A class file is read the first time a question
 * needs it, never loaded into the JVM, and its summary is kept.
 */
final class BinaryTypes implements AutoCloseable {

    private static final Optional<ClassFileSummary> MISSING = Optional.empty();

    private final FileSystem jrt;
    private final List<ZipFile> jars = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private final Map<String, Optional<ClassFileSummary>> summaries = new ConcurrentHashMap<>();
    private final Map<String, List<Path>> jdkPackages = new ConcurrentHashMap<>();

    BinaryTypes(List<Path> classPath) {
        FileSystem fs;
        try {
            fs = FileSystems.getFileSystem(URI.create("jrt:/"));
        } catch (RuntimeException e) {
            fs = null;
        }
        this.jrt = fs;
        for (Path entry : classPath) {
            if (Files.isDirectory(entry)) {
                directories.add(entry);
            } else if (Files.isRegularFile(entry)) {
                try {
                    jars.add(new ZipFile(entry.toFile()));
                } catch (IOException e) {
                    // An unreadable class-path entry only means fewer types resolve.
                }
            }
        }
    }

    /** The summary of the class with this binary name ({@code java.util.Map$Entry}), if it exists. */
    Optional<ClassFileSummary> find(String binaryName) {
        Optional<ClassFileSummary> cached = summaries.get(binaryName);
        if (cached != null) {
            return cached;
        }
        Optional<ClassFileSummary> found = load(binaryName);
        summaries.put(binaryName, found);
        return found;
    }

    private Optional<ClassFileSummary> load(String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        try {
            for (Path dir : directories) {
                Path file = dir.resolve(resource);
                if (Files.isRegularFile(file)) {
                    return Optional.of(ClassFileReader.read(Files.readAllBytes(file)));
                }
            }
            for (ZipFile jar : jars) {
                ZipEntry entry = jar.getEntry(resource);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return Optional.of(ClassFileReader.read(in.readAllBytes()));
                    }
                }
            }
            if (jrt != null) {
                int dot = binaryName.lastIndexOf('.');
                String pkg = dot < 0 ? "" : binaryName.substring(0, dot);
                String file = binaryName.substring(dot + 1) + ".class";
                for (Path module : jdkModules(pkg)) {
                    Path p = module.resolve(pkg.replace('.', '/')).resolve(file);
                    if (Files.isRegularFile(p)) {
                        return Optional.of(ClassFileReader.read(Files.readAllBytes(p)));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A class file we cannot read is a type we cannot resolve; the rules fall back on names.
        }
        return MISSING;
    }

    /** The JDK modules that hold a package, from {@code jrt:/packages/<pkg>}. */
    private List<Path> jdkModules(String pkg) {
        List<Path> modules = jdkPackages.get(pkg);
        if (modules != null) {
            return modules;
        }
        List<Path> found = new ArrayList<>();
        Path dir = jrt.getPath("/packages", pkg);
        if (!pkg.isEmpty() && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path link : stream) {
                    found.add(jrt.getPath("/modules", link.getFileName().toString()));
                }
            } catch (IOException e) {
                // Unknown package: nothing found.
            }
        }
        List<Path> result = List.copyOf(found);
        jdkPackages.put(pkg, result);
        return result;
    }

    /** Whether some class of this package exists in the JDK or on the class path. */
    boolean packageExists(String pkg) {
        if (jrt != null && !jdkModules(pkg).isEmpty()) {
            return true;
        }
        String prefix = pkg.replace('.', '/') + "/";
        for (Path dir : directories) {
            if (Files.isDirectory(dir.resolve(prefix))) {
                return true;
            }
        }
        for (ZipFile jar : jars) {
            if (jar.getEntry(prefix) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (ZipFile jar : jars) {
            try {
                jar.close();
            } catch (IOException e) {
                // Closing a read-only jar cannot lose anything.
            }
        }
    }
}
