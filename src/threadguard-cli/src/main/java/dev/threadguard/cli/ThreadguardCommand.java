package dev.threadguard.cli;

import dev.threadguard.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code threadguard} command. Its subcommands do the work: {@code check} analyses sources,
 * {@code graph} draws the lock-order graph, {@code rules} lists the rules, {@code explain} shows a rule's page,
 * {@code baseline} records the findings a team accepts for now.
 *
 * <p>{@code new CommandLine(new ThreadguardCommand()).execute(args)} behaves exactly as the installed
 * command does (the error handlers are installed as the command line is built), which is what lets the
 * tests run it in-process.
 */
@Command(name = "threadguard",
        mixinStandardHelpOptions = true,
        versionProvider = ThreadguardCommand.VersionProvider.class,
        modelTransformer = ThreadguardCommand.Setup.class,
        subcommands = {CheckCommand.class, GraphCommand.class, RulesCommand.class, ExplainCommand.class,
                BaselineCommand.class,
                CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        description = {
                "Finds concurrency bugs in Java source trees and explains each one with a trace.",
                "",
                "Start with 'threadguard check src/'; 'threadguard help check' describes its options."},
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FINDINGS, ExitCodes.HELP_USAGE, ExitCodes.HELP_INTERNAL},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  NO_COLOR               set and not empty: text output is never coloured",
                "  THREADGUARD_DEBUG      set and not empty: internal errors print a stack trace",
                "  THREADGUARD_JAVA_OPTS  JVM options for bin/threadguard, such as -Xmx4g",
                "  JAVA_HOME              the Java that bin/threadguard runs"})
public final class ThreadguardCommand implements Callable<Integer> {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace when threadguard itself fails.")
    boolean debug;

    @Spec
    CommandSpec spec;

    private final Environment environment;

    /** The command as run from a shell, in this process's environment. */
    public ThreadguardCommand() {
        this(Environment.system());
    }

    /** The command in a given environment (environment variables, terminals), for tests and embedding. */
    public ThreadguardCommand(Environment environment) {
        this.environment = environment;
    }

    Environment environment() {
        return environment;
    }

    /** Without a subcommand there is nothing to do, which is a usage error like any other. */
    @Override
    public Integer call() {
        List<String> commands = spec.subcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
        throw new UsageError(spec.commandLine(), "missing command: " + Suggestions.either(commands));
    }

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ThreadguardCommand()).execute(args));
    }

    /** Prints {@code threadguard <version>}. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"threadguard " + Version.get()};
        }
    }

    /**
     * Installs the error handlers while picocli builds the command line, so that every way of running the
     * command (main, tests, an embedding program) reports errors the same way.
     */
    public static final class Setup implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec commandSpec) {
            CommandLine commandLine = commandSpec.commandLine();
            if (commandLine != null && commandSpec.userObject() instanceof ThreadguardCommand top) {
                ErrorReporting.install(commandLine, top.environment());
            }
            return commandSpec;
        }
    }
}
