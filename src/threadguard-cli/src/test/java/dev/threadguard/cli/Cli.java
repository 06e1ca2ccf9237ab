package dev.threadguard.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code threadguard} in this JVM, as the installed command would, and captures what it prints. */
final class Cli {

    /** Neither stream a terminal and no variables set: what a build server sees. */
    static final Environment PIPED = Environment.of(Map.of(), false, false);

    /** What the command did: exit code, standard output and standard error. */
    record Run(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Run run(String... args) {
        return run(PIPED, args);
    }

    /**
     * Runs the command line. {@code check} and {@code baseline} run every rule at every confidence, so that
     * the tests of the command line do not depend on which rules are on by default; {@link #runAsIs} does not.
     */
    static Run run(Environment environment, String... args) {
        if (args.length > 0 && (args[0].equals("check") || args[0].equals("baseline"))
                && java.util.Arrays.stream(args).noneMatch(a -> a.equals("--help") || a.startsWith("--enable")
                || a.startsWith("--confidence"))) {
            String[] all = new String[args.length + 3];
            all[0] = args[0];
            all[1] = "--enable=all";
            all[2] = "--confidence";
            all[3] = "low";
            System.arraycopy(args, 1, all, 4, args.length - 1);
            args = all;
        }
        return runAsIs(environment, args);
    }

    /** Runs the command line with exactly these arguments. */
    static Run runAsIs(Environment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ThreadguardCommand(environment));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Writes {@code text} to {@code dir/relative}, creating directories, and returns the file. */
    static Path write(Path dir, String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** The path as findings show it: these temporary files are outside the working directory, so absolute. */
    static String shown(Path file) {
        return file.toAbsolutePath().normalize().toString().replace('\\', '/');
    }
}
