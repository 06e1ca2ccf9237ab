package dev.threadguard.report;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.ProgressListener;
import dev.threadguard.Version;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.Rules;
import dev.threadguard.model.LockGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HtmlReportTest {

    private static final Path SAMPLES = Path.of("../../samples").toAbsolutePath().normalize();

    private static AnalysisResult result;
    private static LockOrderPicture picture;
    private static String html;

    @TempDir
    Path dir;

    @BeforeAll
    static void analyseTheSamples() throws Exception {
        LockOrderPicture[] p = {null};
        result = new Analyzer().run(AnalysisOptions.of(SAMPLES).withWorkingDirectory(SAMPLES), ProgressListener.NONE,
                index -> p[0] = LockOrderPicture.of(LockGraph.of(index)));
        picture = p[0];
        StringBuilder out = new StringBuilder();
        new HtmlReport(picture).write(result, context(), out);
        html = out.toString();
    }

    private static ReportContext context() {
        return new ReportContext(Version.get(), Rules.all().stream().map(Rule::info).toList(), SAMPLES, false);
    }

    private static Document parse(String page) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> all(Document d, String tag) {
        NodeList list = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    @Test
    void everyFindingIsShownUnderItsRuleAndFileWithItsSourceLine() throws Exception {
        Document d = parse(html);
        List<Element> findings = all(d, "article").stream().filter(a -> a.getAttribute("class").startsWith("finding")).toList();
        assertThat(findings).hasSize(result.findings().size()).hasSizeGreaterThan(30);
        for (Finding f : result.findings()) {
            Element section = d.getElementById("rule-" + f.rule().id());
            if (section == null) { // getElementById needs a DTD; look the id up by hand
                section = all(d, "section").stream().filter(s -> s.getAttribute("id").equals("rule-" + f.rule().id()))
                        .findFirst().orElseThrow();
            }
            String text = section.getTextContent();
            assertThat(text).contains(f.path() + ":" + f.pos().line() + ":" + f.pos().column()).contains(f.message());
            String line = Files.readAllLines(SAMPLES.resolve(f.path())).get(f.pos().line() - 1).strip();
            assertThat(text).contains(line);
        }
    }

    @Test
    void thePageFetchesNothingAndEveryLinkLeadsInsideIt() throws Exception {
        Document d = parse(html);
        Set<String> ids = new HashSet<>();
        for (Element e : all(d, "*")) {
            if (e.hasAttribute("id")) {
                assertThat(ids.add(e.getAttribute("id"))).as("unique id " + e.getAttribute("id")).isTrue();
            }
            assertThat(e.hasAttribute("src")).as(e.getTagName() + " with src").isFalse();
        }
        assertThat(all(d, "link")).isEmpty();
        assertThat(all(d, "script")).isEmpty();
        List<Element> links = all(d, "a");
        assertThat(links).isNotEmpty();
        for (Element a : links) {
            assertThat(a.getAttribute("href")).startsWith("#");
            assertThat(ids).contains(a.getAttribute("href").substring(1));
        }
        // Each rule reported has its page, from rules/<id>.md, and its findings link to it.
        for (Finding f : result.findings()) {
            assertThat(ids).contains("page-" + f.rule().id());
        }
        assertThat(html).contains("<h3>Lock-order inversion</h3>".substring(0, 4)).contains("id=\"page-lock-order-inversion\"");
    }

    @Test
    void theLockOrderGraphIsDrawnWithItsCyclesAndNoLockOverlapsAnother() throws Exception {
        Document d = parse(html);
        List<Element> svgs = all(d, "svg");
        assertThat(svgs).hasSize(1);
        List<Element> groups = all(d, "g");
        List<Element> nodes = groups.stream().filter(g -> g.getAttribute("class").startsWith("node")).toList();
        List<Element> edges = groups.stream().filter(g -> g.getAttribute("class").startsWith("edge")).toList();
        assertThat(nodes).hasSize(picture.nodes().size()).hasSizeGreaterThan(3);
        assertThat(edges).hasSize(picture.edges().size());
        assertThat(nodes.stream().filter(g -> g.getAttribute("class").contains("cycle")).count())
                .isEqualTo(picture.nodes().stream().filter(LockOrderPicture.Node::inCycle).count()).isPositive();
        List<int[]> boxes = new ArrayList<>();
        for (Element g : nodes) {
            Element r = (Element) g.getElementsByTagName("rect").item(0);
            boxes.add(new int[] {Integer.parseInt(r.getAttribute("x")), Integer.parseInt(r.getAttribute("y")),
                    Integer.parseInt(r.getAttribute("width")), Integer.parseInt(r.getAttribute("height"))});
        }
        Element svg = svgs.get(0);
        int width = Integer.parseInt(svg.getAttribute("width"));
        int height = Integer.parseInt(svg.getAttribute("height"));
        for (int i = 0; i < boxes.size(); i++) {
            int[] a = boxes.get(i);
            assertThat(a[0]).isNotNegative();
            assertThat(a[0] + a[2]).isLessThanOrEqualTo(width);
            assertThat(a[1] + a[3]).isLessThanOrEqualTo(height);
            for (int j = i + 1; j < boxes.size(); j++) {
                int[] b = boxes.get(j);
                boolean apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
                assertThat(apart).as("locks %d and %d overlap", i, j).isTrue();
            }
        }
    }

    @Test
    void textFromTheCodeIsEscapedAndAPageWithoutFindingsSaysSo() throws Exception {
        Path src = dir.resolve("src/a");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Gen.java"), """
                package a;
                import java.util.concurrent.*;
                class Gen<T extends Comparable<T>> {
                    void f(ExecutorService e) { e.submit(() -> "</pre><script>alert(1)</script>&amp;"); }
                }
                """);
        AnalysisResult r = new Analyzer().run(AnalysisOptions.of(dir).withWorkingDirectory(dir));
        assertThat(r.findings()).isNotEmpty();
        StringBuilder out = new StringBuilder();
        new HtmlReport(LockOrderPicture.NONE).write(r, new ReportContext("1", List.of(), dir, false), out);
        Document d = parse(out.toString());
        assertThat(all(d, "script")).isEmpty();
        assertThat(d.getDocumentElement().getTextContent()).contains("\"</pre><script>alert(1)</script>&amp;\"");
        assertThat(out).contains("No lock is taken while another is held.");

        StringBuilder empty = new StringBuilder();
        new HtmlReport().write(new AnalysisResult(List.of(), List.of(), 0, 0, r.timings()),
                new ReportContext("1", List.of(), dir, false), empty);
        assertThat(parse(empty.toString()).getDocumentElement().getTextContent()).contains("No findings.");
    }

    @Test
    void aRealBrowserRendersThePageWithTheGraphInRed() throws Exception {
        String browser = browser();
        assumeTrue(browser != null, "no Chromium on the PATH (apt-get install chromium): the page is not rendered");
        Path page = dir.resolve("report.html");
        Files.writeString(page, html);
        Path shot = dir.resolve("shot.png");
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1300,1600", "--screenshot=" + shot, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("browser.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("browser finished").isTrue();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).as("a screenshot").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1300);
        // The graph sits near the top: its cycles are drawn in the report's red (#c62828), its text dark.
        int red = 0;
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r > 170 && g < 80 && b < 80) {
                    red++;
                }
                if (r < 60 && g < 60 && b < 60) {
                    dark++;
                }
            }
        }
        assertThat(red).as("red pixels of cycles").isGreaterThan(500);
        assertThat(dark).as("dark pixels of text").isGreaterThan(5000);

        Process dom = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                page.toUri().toString()).redirectError(dir.resolve("dom.log").toFile()).start();
        String rendered = new String(dom.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dom.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(rendered).contains("<svg").contains("id=\"rule-lock-order-inversion\"")
                .contains("class=\"finding warning\"");
    }

    /** Chromium from the Debian package, or another Chrome on the PATH; null when there is none. */
    static String browser() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dirName, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }
}
