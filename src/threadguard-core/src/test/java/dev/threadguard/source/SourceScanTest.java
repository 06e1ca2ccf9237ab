package dev.threadguard.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceScanTest {

    private static String chain(String open, String close, int n) {
        return "class C { void f() {\n" + open.repeat(n) + "int x;\n" + close.repeat(n) + "}}\n";
    }

    @Test
    void countsBlocksNestedInCallArgumentsOneStepPerCall() {
        SourceScan.Result lambdas = SourceScan.scan(chain("e.submit(() -> {\n", "});\n", 7));
        assertThat(lambdas.blocksInCalls()).isEqualTo(7);
        assertThat(lambdas.blocksLine()).isEqualTo(8); // the seventh `{`, on the eighth line
        assertThat(SourceScan.scan(chain("new Thread(new Runnable() { public void run() {\n", "}});\n", 5))
                .blocksInCalls()).isEqualTo(5);
        assertThat(SourceScan.scan(chain("g(new int[] {", "});", 6)).blocksInCalls()).isEqualTo(6);
    }

    @Test
    void blocksOutsideCallsAndCallsWithoutBlocksAreNoStep() {
        // Statements in statements, conditions closed before their block, and calls in calls: none is a step.
        assertThat(SourceScan.scan(chain("if (a(b(c))) { while (x) {", "}}", 30)).blocksInCalls()).isZero();
        // Many calls around one lambda: one step.
        assertThat(SourceScan.scan("class C { Object o = g(g(g(g(() -> { return 1; })))); }").blocksInCalls()).isEqualTo(1);
    }

    @Test
    void bracketsInCommentsStringsAndTextBlocksDoNotCount() {
        String text = """
                class C {
                    // e.submit(() -> { e.submit(() -> {
                    /* ((((( {{{{{ */
                    String s = "((( {{{ \\" ((";
                    char c = '(';
                    String t = \"""
                        (((( {{{{ \\\""" ((
                        \""";
                    int[] a = {1};
                }
                """;
        SourceScan.Result r = SourceScan.scan(text);
        assertThat(r.depth()).isEqualTo(2);
        assertThat(r.blocksInCalls()).isZero();
    }

    @Test
    void typeArgumentsNestAsBracketsDoAndComparisonsEndWithTheirExpression() {
        String generics = "class C { " + "java.util.List<".repeat(40) + "String" + ">".repeat(40) + " x; }";
        assertThat(SourceScan.scan(generics).depth()).isEqualTo(41);
        String comparisons = "class C { boolean f() { return " + "a < b && ".repeat(50) + "true; } }";
        assertThat(SourceScan.scan(comparisons).depth()).isLessThan(5);
        assertThat(SourceScan.scan("class C { int f() { return a << 2 >> 1 >>> 3 <= 4 ? 1 : x -> y; } }").depth())
                .isEqualTo(2);
    }

    @Test
    void countsTokensNotCharacters() {
        assertThat(SourceScan.scan("class C { int[] a = {1, 22, 333}; }").tokens()).isEqualTo(17);
        assertThat(SourceScan.scan("/* a comment of many words */ // and another\n").tokens()).isZero();
        assertThat(SourceScan.scan("String s = \"one token, however long\";").tokens()).isEqualTo(5);
    }
}
