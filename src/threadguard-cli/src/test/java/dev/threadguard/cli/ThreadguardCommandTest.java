package dev.threadguard.cli;

import dev.threadguard.Version;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadguardCommandTest {

    @Test
    void versionPrintsTheToolNameAndVersion() {
        Cli.Run run = Cli.run("--version");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("threadguard " + Version.get() + System.lineSeparator());
        assertThat(Version.get()).isNotEqualTo("unknown");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Run run = Cli.run("--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("check", "rules", "explain", "Exit codes:", "NO_COLOR");
    }

    @Test
    void helpOfCheckIsTheManual() {
        Cli.Run run = Cli.run("help", "check");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("--format", "--output", "--fail-on", "--threads", "--exclude",
                "--classpath", "--language-level", "--strict", "--no-progress", "--quiet", "Examples:");
    }

    /** A command that fails the way a bug in threadguard would. */
    @Command(name = "threadguard")
    static final class Failing implements Callable<Integer> {
        @Option(names = "--debug")
        boolean debug;

        @Override
        public Integer call() {
            throw new IllegalStateException("analysis failed", new NullPointerException("index was null"));
        }
    }

    private static Cli.Run runFailing(Environment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Failing());
        ErrorReporting.install(commandLine, environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Cli.Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void anInternalFailureExitsThreeWithAMessageAndNoStackTrace() {
        Cli.Run run = runFailing(Cli.PIPED);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(run.err()).isEqualTo("threadguard: internal error: IllegalStateException: analysis failed, "
                + "caused by NullPointerException: index was null "
                + "(run with --debug or THREADGUARD_DEBUG=1 for the stack trace)" + System.lineSeparator());
    }

    @Test
    void debugOrTheVariablePrintsTheStackTrace() {
        Cli.Run withOption = runFailing(Cli.PIPED, "--debug");
        Cli.Run withVariable = runFailing(Environment.of(Map.of("THREADGUARD_DEBUG", "1"), false, false));

        for (Cli.Run run : new Cli.Run[] {withOption, withVariable}) {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERNAL);
            assertThat(run.err()).startsWith("threadguard: internal error: IllegalStateException: analysis failed")
                    .contains("\tat " + Failing.class.getName() + ".call(")
                    .contains("Caused by: java.lang.NullPointerException: index was null");
        }
    }

    @Test
    void debugIsAcceptedBeforeAndAfterTheSubcommand() {
        assertThat(Cli.run("--debug", "rules").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Cli.run("rules", "--debug").exitCode()).isEqualTo(ExitCodes.OK);
    }
}
