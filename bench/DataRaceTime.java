import dev.threadguard.*;
import dev.threadguard.model.*;
import dev.threadguard.rules.guard.DataRace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code data-race} costs on one tree: the program models the other rules share (call graph, lock model,
 * entry locks, thread roles), then the rule alone, then one more walk over the access summaries with what it
 * held at once. Run from the repository root after {@code mvn -q -B -DskipTests package}:
 * {@code java -Xmx3g -cp src/threadguard-cli/target/threadguard.jar bench/DataRaceTime.java DIR}.
 */
public class DataRaceTime {
    public static void main(String[] a) {
        AnalysisOptions o = AnalysisOptions.of(Path.of(a[0])).withThreads(2);
        new Analyzer(List.of()).run(o, ProgressListener.NONE, index -> {
            long t0 = System.nanoTime();
            CallGraph.of(index);
            LockSteps.of(index);
            LockNodes.of(index);
            EntryLocks.of(index);
            ThreadRoles.of(index);
            long t1 = System.nanoTime();
            List<Object> found = new ArrayList<>();
            new DataRace().check(index, found::add);
            long t2 = System.nanoTime();
            Accesses.Footprint f = Accesses.of(index).forEachRoot(r -> { });
            System.out.printf("%s: shared models %d ms | data-race %d ms, %d findings | summaries %d, located accesses %d;"
                    + " held at once at most %d summaries, %d located accesses%n", a[0], (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, found.size(), f.summaries(), f.located(), f.peakSummaries(), f.peakLocated());
        });
    }
}
