package dev.threadguard.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    private static final List<String> IDS = List.of("completion-stage-unhandled", "future-catch-misses-task",
            "future-never-read", "future-result-ignored");

    @Test
    void distanceCountsEdits() {
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("--fromat", "--format")).isEqualTo(2);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }

    @Test
    void typosFindTheirId() {
        assertThat(Suggestions.closest("future-result-ignord", IDS)).containsExactly("future-result-ignored");
        assertThat(Suggestions.closest("Future-Never-Red", IDS)).containsExactly("future-never-read");
    }

    @Test
    void aFragmentFindsTheIdsContainingItNearestFirstAndAtMostThree() {
        assertThat(Suggestions.closest("completion", IDS)).containsExactly("completion-stage-unhandled");
        assertThat(Suggestions.closest("future", IDS)).hasSize(3).allMatch(id -> id.startsWith("future-"))
                .startsWith("future-never-read");
    }

    @Test
    void nothingCloseSuggestsNothing() {
        assertThat(Suggestions.closest("x", IDS)).isEmpty();
        assertThat(Suggestions.closest("lock-order-cycle", IDS)).isEmpty();
    }

    @Test
    void namesAreJoinedAsInASentence() {
        assertThat(Suggestions.either(List.of("a"))).isEqualTo("a");
        assertThat(Suggestions.either(List.of("a", "b"))).isEqualTo("a or b");
        assertThat(Suggestions.both(List.of("a", "b", "c"))).isEqualTo("a, b and c");
    }
}
