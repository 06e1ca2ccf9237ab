package dev.threadguard.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** --changed-since and --files-from: the whole program is analysed, only findings touching the change are reported. */
class PullRequestModeTest {

    @TempDir
    Path repo;

    private static final String OLD = """
            package shop;
            import java.util.concurrent.ExecutorService;
            class Old {
                void start(ExecutorService pool) {
                    pool.submit(() -> System.out.println("old"));
                }
            }
            """;

    private static final String BANK = """
            package shop;
            class Bank {
                private final Object audit = new Object();
                private final Object ledger = new Object();
                void post() {
                    synchronized (audit) {
                        synchronized (ledger) { System.out.println("post"); }
                    }
                }
            }
            """;

    /** The change: a method taking the two locks the other way round, a deadlock with the old post(). */
    private static final String BANK_CHANGED = BANK.replace("""
                }
            }
            """, """
                }
                void close() {
                    synchronized (ledger) {
                        synchronized (audit) { System.out.println("close"); }
                    }
                }
            }
            """);

    private static final String NEW = """
            package shop;
            import java.util.concurrent.ExecutorService;
            class Fresh {
                void start(ExecutorService pool) {
                    pool.submit(() -> System.out.println("new"));
                }
            }
            """;

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
    }

    @BeforeEach
    void aBranchWithAChange() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")) || Files.isExecutable(Path.of("/usr/local/bin/git")),
                "git is not installed: pull-request mode cannot be tested");
        git("init", "-q", "-b", "main");
        Cli.write(repo, "src/shop/Old.java", OLD);
        Cli.write(repo, "src/shop/Bank.java", BANK);
        git("add", "-A");
        git("commit", "-q", "-m", "base");
        git("checkout", "-q", "-b", "feature");
        Cli.write(repo, "src/shop/Bank.java", BANK_CHANGED);
        git("commit", "-q", "-am", "close the bank");
        Cli.write(repo, "src/shop/Fresh.java", NEW); // not even added: untracked files count as changed
    }

    @Test
    void onlyFindingsTouchingTheChangeAreReportedAndACycleWithOldCodeIsOne() throws IOException {
        Cli.Run all = Cli.run("check", repo.resolve("src").toString());
        assertThat(all.out()).contains("Old.java").contains("Fresh.java").contains("[lock-order-inversion]");

        Cli.Run pr = Cli.run("check", "--changed-since", "main", repo.resolve("src").toString());
        assertThat(pr.out()).doesNotContain("Old.java:")
                .contains("Fresh.java:5:").contains("[lock-order-inversion]");
        assertThat(pr.err()).contains("pull-request mode: 2 files changed since main; 1 finding elsewhere not reported");
        assertThat(pr.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void aChangeThatTouchesNoFindingPasses() throws Exception {
        Files.delete(repo.resolve("src/shop/Fresh.java"));
        Cli.write(repo, "src/shop/Bank.java", BANK);
        git("commit", "-q", "-am", "not closing after all");
        Cli.write(repo, "src/shop/Old.java", OLD.replace("class Old {", "class Old { // a comment far from the bug"));
        Cli.Run pr = Cli.run("check", "--changed-since", "main", repo.resolve("src").toString());
        assertThat(pr.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(pr.out()).doesNotContain("warning:");
    }

    @Test
    void aListOfFilesCountsEachAsChangedInEveryLine() throws IOException {
        Path list = Cli.write(repo, "changed.txt", "# from git diff --name-only\n" + repo.resolve("src/shop/Old.java") + "\n\n"
                + repo.resolve("src/shop/Gone.java") + "\n");
        Cli.Run pr = Cli.run("check", "--files-from", list.toString(), repo.resolve("src").toString());
        assertThat(pr.out()).contains("Old.java:5:").doesNotContain("Fresh.java").doesNotContain("lock-order-inversion");
        assertThat(pr.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void anUnknownReferenceOrBothOptionsAreUsageErrors() throws IOException {
        Cli.Run bad = Cli.run("check", "--changed-since", "no-such-branch", repo.resolve("src").toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("unknown revision 'no-such-branch'");
        Path list = Cli.write(repo, "changed.txt", "src/shop/Old.java\n");
        Cli.Run both = Cli.run("check", "--changed-since", "main", "--files-from", list.toString(), repo.toString());
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("cannot be used together");
    }
}
