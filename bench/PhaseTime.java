import dev.threadguard.*;
import dev.threadguard.rules.*;
import java.nio.file.Path;
import java.util.List;

/**
 * What the lock-order family adds to a run: the rules phase of an analysis with no rules, with the three
 * lock-order rules, and with all rules, on one tree, twice (the second round is past the JIT's warm-up).
 * Run from the repository root after {@code mvn -q -B -DskipTests package}:
 * {@code java -Xmx3g -cp src/threadguard-cli/target/threadguard.jar bench/PhaseTime.java DIR}.
 */
public class PhaseTime {
    public static void main(String[] a) {
        AnalysisOptions o = AnalysisOptions.of(Path.of(a[0])).withThreads(2);
        List<Rule> lock = Rules.all().stream().filter(r -> r.info().family() == Family.LOCK_ORDER).toList();
        for (int i = 0; i < 2; i++) {
            AnalysisResult none = new Analyzer(List.of()).run(o);
            AnalysisResult lo = new Analyzer(lock).run(o);
            AnalysisResult all = new Analyzer().run(o);
            System.out.printf("%s: files %d | parse+facts %d ms | rules: none %d ms, lock-order %d ms, all %d ms | findings lock-order %d, all %d%n",
                a[0], none.files(), lo.timings().parseMillis(), none.timings().rulesMillis(), lo.timings().rulesMillis(),
                all.timings().rulesMillis(), lo.findings().size(), all.findings().size());
        }
    }
}
