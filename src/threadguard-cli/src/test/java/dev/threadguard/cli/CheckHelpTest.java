package dev.threadguard.cli;

import dev.threadguard.source.JavaSources;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** {@code threadguard check --help} is the manual: its examples must run as copied, its options say what they accept. */
class CheckHelpTest {

    private static final Path README = Path.of("../../README.md");

    private static String help() {
        Cli.Run run = Cli.run("check", "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        return run.out();
    }

    /** The help on one line, so that phrases can be found wherever picocli wrapped them. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    /** The commands of the Examples section, each joined over its continuation lines. */
    private static List<String> examples(String help) {
        List<String> lines = help.lines().dropWhile(l -> !l.equals("Examples:")).skip(1).toList();
        List<String> commands = new ArrayList<>();
        StringBuilder command = null;
        for (String line : lines) {
            if (command != null) {
                command.append(' ').append(line.strip());
            } else if (line.startsWith("  threadguard ")) {
                command = new StringBuilder(line.strip());
            } else {
                continue;
            }
            if (command.toString().endsWith(" \\")) {
                command.setLength(command.length() - 2);
            } else {
                commands.add(command.toString());
                command = null;
            }
        }
        assertThat(command).as("an example ends with a continuation and nothing follows").isNull();
        return commands;
    }

    @Test
    void everyLineOfTheHelpFitsInEightyColumnsWithoutSplittingWords() {
        String help = help();
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        // picocli may wrap after any full stop, which would show ".json" as ". json".
        assertThat(flat(help)).doesNotContainPattern("\\s\\.\\s[a-z]");
    }

    @Test
    void everyExampleIsAWholeCommandAsCopied() {
        String help = help();
        List<String> examples = examples(help);

        assertThat(examples).hasSize(4);
        // Every line of the section is prose or part of a command: a command wrapped without a backslash
        // would leave its tail on a line of its own.
        assertThat(help.lines().dropWhile(l -> !l.equals("Examples:")).skip(1))
                .allMatch(l -> !l.startsWith(" ") || l.startsWith("  threadguard ") || l.startsWith("      --"));
        for (String example : examples) {
            // The shell removes the quotes; picocli must then accept every word, option values included.
            String[] words = example.replace("'", "").split(" ");
            assertThat(words[0]).isEqualTo("threadguard");
            assertThatCode(() -> new CommandLine(new ThreadguardCommand()).parseArgs(Arrays.copyOfRange(words, 1, words.length)))
                    .as(example).doesNotThrowAnyException();
        }
        assertThat(examples).contains("threadguard check --format sarif --output build/threadguard.sarif --format text .");
    }

    @Test
    void excludeSaysHowGlobsMatch() {
        assertThat(flat(help())).contains("a leading '**/' matches at any depth, the top included, as gitignore does");
    }

    @Test
    void encodingIsAnOption() {
        assertThat(flat(help())).contains("--encoding=CHARSET").contains("Default: UTF-8.");
    }

    @Test
    void theHelpAndTheReadmeListTheLanguageLevelsThatAreAccepted() throws IOException {
        String accepted = JavaSources.acceptedLanguageLevels();

        assertThat(flat(help())).contains("--language-level=VERSION The Java version the sources are written in: "
                + accepted);
        assertThat(Files.readString(README).lines().filter(l -> l.startsWith("| `--language-level")))
                .singleElement().asString().contains(accepted).contains("Java " + JavaSources.version(JavaSources.NEWEST));
    }
}
