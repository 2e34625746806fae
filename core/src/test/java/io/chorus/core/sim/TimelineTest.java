package io.chorus.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The timeline a simulation records for {@code --plot}, and its SVG. */
class TimelineTest {
    private static final int N = 30;

    private static SimulationConfig partitioned(long seed) {
        return SimulationConfig.builder(N).seed(seed).partition(0.3, 10_000).build();
    }

    private static Timeline record(SimulationConfig config) {
        Timeline t = new Timeline(250);
        Simulation.run(config, line -> { }, t);
        return t;
    }

    private static String withoutWallTime(SimulationResult r) {
        return r.toJson().replaceAll("\"wall_ms\":[0-9]+", "\"wall_ms\":_");
    }

    @Test
    void recordingChangesNothingOfTheRun() {
        SimulationResult plain = Simulation.run(partitioned(3), line -> { });
        SimulationResult recorded = Simulation.run(partitioned(3), line -> { }, new Timeline(250));
        assertEquals(withoutWallTime(plain), withoutWallTime(recorded));
    }

    @Test
    void samplesFollowThePartitionAndTheHeal() {
        Timeline t = record(partitioned(5));
        assertEquals(N, t.nodes());
        List<Timeline.Sample> samples = t.samples();
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(250L * i, samples.get(i).atMs(), "a sample every 250 ms of virtual time");
            Timeline.Sample s = samples.get(i);
            assertTrue(s.min() <= s.median() && s.median() <= s.max() && s.max() <= N, s::toString);
        }
        List<Timeline.Mark> marks = t.marks();
        assertEquals(2, marks.size(), marks::toString);
        Timeline.Mark cut = marks.get(0);
        Timeline.Mark heal = marks.get(1);
        assertEquals(Timeline.Kind.FAULT, cut.kind());
        assertEquals("partition: 30% of nodes cut off", cut.label());
        assertEquals(Timeline.Kind.HEAL, heal.kind());
        assertEquals(10_000, heal.atMs() - cut.atMs());
        Timeline.Sample before = at(samples, cut.atMs());
        assertEquals(N, before.min(), "every node held every node ALIVE before the fault: " + before);
        Timeline.Sample lastCut = at(samples, heal.atMs());
        assertEquals(21, lastCut.max(), "the 21 of the larger side held their side alone: " + lastCut);
        assertEquals(21, lastCut.median(), "and they are the most: " + lastCut);
        assertTrue(lastCut.min() < 21, "the 9 cut off held fewer: " + lastCut);
        Timeline.Sample end = samples.get(samples.size() - 1);
        assertEquals(N, end.min(), "one view again at the end: " + end);
        assertEquals(N, end.live());
        long suspicions = samples.stream().mapToLong(Timeline.Sample::suspicions).sum();
        long deaths = samples.stream().mapToLong(Timeline.Sample::deaths).sum();
        assertTrue(suspicions > 0 && deaths > 0, "each side suspects and declares the other dead: " + suspicions + ", " + deaths);
    }

    /** @return the last sample at or before {@code ms} */
    private static Timeline.Sample at(List<Timeline.Sample> samples, long ms) {
        Timeline.Sample found = samples.get(0);
        for (Timeline.Sample s : samples) {
            if (s.atMs() <= ms) {
                found = s;
            }
        }
        return found;
    }

    @Test
    void killsAndPausesAreMarked() {
        Timeline t = record(SimulationConfig.builder(N).seed(2).kill(2).pause(3, 1_000).build());
        List<String> labels = t.marks().stream().map(m -> m.kind() + " " + m.label()).toList();
        assertEquals(List.of("FAULT 2 nodes killed", "FAULT 3 nodes paused", "HEAL paused nodes resume"), labels);
        Timeline.Sample end = t.samples().get(t.samples().size() - 1);
        assertEquals(N - 2, end.live());
        assertEquals(N - 2, end.max(), "the victims are held DEAD by every live node: " + end);
    }

    @Test
    void theSameSeedGivesTheSameBytes() {
        String a = TimelineSvg.render(record(partitioned(9)), "seed 9", "");
        String b = TimelineSvg.render(record(partitioned(9)), "seed 9", "");
        assertArrayEquals(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSvgIsXmlWithEverySeriesAndMarkAndEscapedText() throws Exception {
        Timeline t = record(partitioned(4));
        String title = "./chorus simulate --nodes 30 <&> \"quoted\" 'single'";
        Document doc = parse(TimelineSvg.render(t, title, "note & more"));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
        assertEquals(title, doc.getElementsByTagName("title").item(0).getTextContent());
        for (String id : List.of("series-min", "series-median", "series-max", "series-live", "series-suspicions",
                "series-deaths")) {
            Element path = byId(doc, id);
            assertNotNull(path, "no " + id);
            assertEquals(t.samples().size(), path.getAttribute("d").split("L").length, id + ": one point per sample");
        }
        assertNotNull(byId(doc, "series-band"));
        assertNotNull(byId(doc, "legend"));
        assertEquals("fault", byId(doc, "mark-0").getAttribute("class"));
        assertEquals("heal", byId(doc, "mark-1").getAttribute("class"));
        String heal = byId(doc, "mark-1").getTextContent().strip();
        assertTrue(heal.startsWith("partition healed at "), heal);
        assertTrue(allText(doc).contains("virtual time (s)"));
        assertTrue(allText(doc).contains("note & more"));
    }

    @Test
    void aLongRunIsDrawnInAtMostAThousandPoints() throws Exception {
        Timeline t = new Timeline(100);
        Simulation.run(SimulationConfig.builder(5).seed(1).durationS(300).build(), line -> { }, t);
        assertEquals(3_001, t.samples().size());
        Document doc = parse(TimelineSvg.render(t, "long", ""));
        int points = byId(doc, "series-median").getAttribute("d").split("L").length;
        assertTrue(points <= TimelineSvg.MAX_POINTS && points >= TimelineSvg.MAX_POINTS / 2, points + " points");
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element byId(Document doc, String id) {
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        return null;
    }

    private static String allText(Document doc) {
        return doc.getDocumentElement().getTextContent();
    }
}
