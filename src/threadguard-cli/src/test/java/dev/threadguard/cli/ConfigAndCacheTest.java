package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** threadguard.properties as the command line reads it, and --cache as it reports itself. */
class ConfigAndCacheTest {

    @TempDir
    Path dir;

    /** {@code check} with the default rules and confidence: what the file turns on or off is the point here. */
    private static Cli.Run checkAsIs(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.runAsIs(Cli.PIPED, all);
    }

    @Test
    void theProjectFileAboveThePathTurnsARuleOffAndTheCommandLineWinsOverItsFailOn() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        // future-result-ignored is off by default: the file turns it on, then off again.
        assertThat(checkAsIs(dir.resolve("src").toString()).exitCode()).isEqualTo(ExitCodes.OK);
        Cli.write(dir, "threadguard.properties", "rules.future-result-ignored = on\n");
        assertThat(checkAsIs(dir.resolve("src").toString()).exitCode()).isEqualTo(ExitCodes.FINDINGS);

        Cli.write(dir, "threadguard.properties", "rules.future-result-ignored = off\n");
        Cli.Run off = checkAsIs(dir.resolve("src").toString());
        assertThat(off.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(off.out()).doesNotContain("future-result-ignored");

        Cli.write(dir, "threadguard.properties",
                "rules.future-result-ignored = on\nrules.future-result-ignored.severity = note\nfail-on = warning\n");
        Cli.Run note = checkAsIs(dir.resolve("src").toString());
        assertThat(note.out()).contains(": note: [future-result-ignored]");
        assertThat(note.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(checkAsIs("--fail-on", "note", dir.resolve("src").toString()).exitCode())
                .isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void aBadFileIsAUsageErrorWithItsLine() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path config = Cli.write(dir, "threadguard.properties", "# settings\nrules.future-result-ignored = maybe\n");
        Cli.Run run = Cli.run("check", dir.resolve("src").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("threadguard: " + config + ":2: 'maybe' is not on or off");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anExplicitConfigIsUsedInsteadOfTheOneFound() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Cli.write(dir, "threadguard.properties", "rules.future = off\n");
        Path strict = Cli.write(dir, "ci/strict.properties", "rules.future = on\nfail-on = note\n");
        assertThat(checkAsIs(dir.resolve("src").toString()).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(checkAsIs("--config", strict.toString(), dir.resolve("src").toString()).exitCode())
                .isEqualTo(ExitCodes.FINDINGS);
        assertThat(checkAsIs("--config", dir.resolve("nope").toString(), dir.toString()).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theCacheSaysHowManyFilesItServedAndTheReportIsTheSame() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Cli.write(dir, "src/demo/Broken.java", Sources.BROKEN);
        String cache = dir.resolve("cache").toString();
        Cli.Run plain = Cli.run("check", dir.resolve("src").toString());
        Cli.Run cold = Cli.run("check", "--cache", cache, dir.resolve("src").toString());
        Cli.Run warm = Cli.run("check", "--cache", cache, dir.resolve("src").toString());
        assertThat(cold.err()).contains("facts cache " + cache + ": 0 of 2 files reused");
        assertThat(warm.err()).contains("facts cache " + cache + ": 2 of 2 files reused");
        assertThat(warm.out()).isEqualTo(plain.out()).isEqualTo(cold.out());
        assertThat(warm.exitCode()).isEqualTo(plain.exitCode());
        assertThat(Cli.run("check", "--quiet", "--cache", cache, dir.resolve("src").toString()).err())
                .doesNotContain("facts cache");
        // A cache that cannot be created is a warning, never a failed run.
        Path file = Cli.write(dir, "a-file", "x");
        Cli.Run unusable = Cli.run("check", "--cache", file.toString(), dir.resolve("src").toString());
        assertThat(unusable.err()).contains("threadguard: warning: facts cache not used: " + file);
        assertThat(unusable.out()).isEqualTo(plain.out());
    }
}
