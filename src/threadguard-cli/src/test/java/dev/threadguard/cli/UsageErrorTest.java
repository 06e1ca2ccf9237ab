package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad command lines end with exit code 2 and exactly one line on standard error, never picocli's usage text. */
class UsageErrorTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            check --frobnicate DIR                    | unknown option: '--frobnicate'
            check --fromat json DIR                   | did you mean --format?
            check --threads abc DIR                   | '--threads': 'abc' is not a whole number
            check --threads 0 DIR                     | '--threads': '0' is less than 1
            check --format xml DIR                    | unknown format 'xml' (expected text, json, sarif or html)
            check --language-level 99 DIR             | unknown language level '99'
            check --language-level 27 DIR             | '27' (expected 1.0 to 1.4, 5 to 26, or newest)
            check --encoding klingon DIR              | unknown encoding 'klingon' (expected a charset name
            check DIR/no-such-dir                     | no such file or directory: 
            check --format json --format sarif DIR    | only one report can go to standard output, but json and sarif
            check --format json,text DIR              | only one report can go to standard output, but json and text
            check --fail-on sometimes DIR             | unknown severity 'sometimes'
            check --exclude [a DIR                    | '[a' is not a valid glob
            check --classpath no-such.jar DIR         | class path entry no-such.jar does not exist
            chekc                                     | did you mean check?
            explain                                   | missing required parameter: 'RULE'
            check --baseline DIR/none.json DIR        | none.json does not exist
            check --baseline DIR/demo/Jobs.java DIR   | Jobs.java is not valid JSON: line 1, column 1: unexpected 'p'
            baseline --output DIR DIR                 | is a directory
            baseline DIR/no-such-dir                  | no such file or directory
            """)
    void oneLineOnStandardErrorAndExitCodeTwo(String args, String reason) throws IOException {
        Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);
        String[] words = args.replace("DIR", dir.toString()).split(" +");

        Cli.Run run = Cli.run(words);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("threadguard: ").contains(reason).containsPattern("see 'threadguard.* --help'");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Run run = Cli.run();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("threadguard: missing command: check, graph, rules, explain or baseline "
                + "(see 'threadguard --help')" + System.lineSeparator());
    }

    @Test
    void anOutputThatIsADirectoryIsRefusedBeforeTheAnalysis() throws IOException {
        Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);

        Cli.Run run = Cli.run("check", "--output", dir.toString(), dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("threadguard: --output " + dir + " is a directory");
    }
}
