package io.chorus.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Timeline} as a self-contained SVG image: on top, the members each live node held
 * ALIVE over virtual time (the least, the median and the most across live nodes, the band between
 * them shaded, and the live nodes for reference); below, suspicions raised and deaths declared per
 * virtual second; a dashed line at each fault and heal, labelled. Axes are labelled, a legend
 * names each series, and every series is an element with an {@code id} ({@code series-min},
 * {@code series-median}, {@code series-max}, {@code series-band}, {@code series-live},
 * {@code series-suspicions}, {@code series-deaths}; marks are {@code mark-0}, {@code mark-1}, ...).
 *
 * <p>Deterministic: the same timeline and text give the same bytes (numbers are written with
 * {@link Locale#ROOT}, one decimal for coordinates). A long run is drawn in at most
 * {@value #MAX_POINTS} points: consecutive samples merge (the least of their minima, the most of
 * their maxima, the last median, the sum of their counts).
 */
public final class TimelineSvg {
    static final int MAX_POINTS = 1_000;
    private static final int WIDTH = 960;
    private static final int HEIGHT = 640;
    private static final int LEFT = 90;
    private static final int RIGHT = 930;
    private static final int A_TOP = 110;
    private static final int A_BOTTOM = 380;
    private static final int B_TOP = 440;
    private static final int B_BOTTOM = 550;
    private static final String FONT = "font-family=\"sans-serif\"";
    private static final String FAULT_COLOUR = "#c62828";
    private static final String HEAL_COLOUR = "#2e7d32";
    private static final String MIN_COLOUR = "#ef6c00";
    private static final String MEDIAN_COLOUR = "#1565c0";
    private static final String MAX_COLOUR = "#6a1b9a";
    private static final String LIVE_COLOUR = "#616161";
    private static final String SUSPICION_COLOUR = "#f9a825";
    private static final String DEATH_COLOUR = "#b71c1c";

    private TimelineSvg() {
    }

    /**
     * @param timeline what a simulation recorded
     * @param title the plot's title, as the command that ran it (drawn as text: any characters)
     * @param note a line under the title, as the run's outcome; empty for none
     * @return the SVG document, UTF-8 text
     */
    public static String render(Timeline timeline, String title, String note) {
        List<Timeline.Sample> points = merge(timeline.samples());
        long endMs = points.isEmpty() ? 1 : Math.max(1, points.get(points.size() - 1).atMs());
        double stepS = timeline.stepMs() * (double) Math.max(1, bucket(timeline.samples().size())) / 1000;
        Axis time = Axis.of(endMs / 1000.0, 10);
        Axis members = Axis.of(Math.max(1, timeline.nodes()), 5);
        double peakRate = 0;
        for (Timeline.Sample s : points) {
            peakRate = Math.max(peakRate, Math.max(s.suspicions(), s.deaths()) / stepS);
        }
        Axis rates = Axis.of(Math.max(1, peakRate), 3);

        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<desc>Members held ALIVE per live node (min, median, max) over virtual time, with suspicions and "
                + "deaths per second and the faults and heals marked.</desc>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        text(svg, LEFT, 30, "start", 17, "bold", "#212121", title);
        if (!note.isEmpty()) {
            text(svg, LEFT, 52, "start", 13, "normal", "#424242", note);
        }

        // panel A: members held ALIVE
        frame(svg, A_TOP, A_BOTTOM, members, time, false);
        text(svg, RIGHT, A_TOP - 10, "end", 13, "bold", "#212121", "members held ALIVE per live node ("
                + String.format(Locale.ROOT, "%,d", timeline.nodes()) + " nodes)");
        svg.append("<g id=\"series\" fill=\"none\" stroke-linejoin=\"round\">\n");
        band(svg, points, time, members);
        line(svg, "series-live", LIVE_COLOUR, "1.2", "2 3", points, time, members, A_TOP, A_BOTTOM, Timeline.Sample::live);
        line(svg, "series-max", MAX_COLOUR, "1.5", null, points, time, members, A_TOP, A_BOTTOM, Timeline.Sample::max);
        line(svg, "series-median", MEDIAN_COLOUR, "2.5", null, points, time, members, A_TOP, A_BOTTOM,
                Timeline.Sample::median);
        line(svg, "series-min", MIN_COLOUR, "1.5", null, points, time, members, A_TOP, A_BOTTOM, Timeline.Sample::min);
        svg.append("</g>\n");

        // panel B: suspicions and deaths per second
        frame(svg, B_TOP, B_BOTTOM, rates, time, true);
        text(svg, RIGHT, B_TOP - 10, "end", 13, "bold", "#212121", "suspicions raised and deaths declared, per virtual second");
        svg.append("<g fill=\"none\" stroke-linejoin=\"round\">\n");
        line(svg, "series-suspicions", SUSPICION_COLOUR, "1.5", null, points, time, rates, B_TOP, B_BOTTOM,
                s -> s.suspicions() / stepS);
        line(svg, "series-deaths", DEATH_COLOUR, "1.5", null, points, time, rates, B_TOP, B_BOTTOM, s -> s.deaths() / stepS);
        svg.append("</g>\n");

        marks(svg, timeline.marks(), time);
        text(svg, (LEFT + RIGHT) / 2, B_BOTTOM + 40, "middle", 13, "normal", "#212121", "virtual time (s)");
        legend(svg);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** @return how many samples merge into one point */
    private static int bucket(int samples) {
        return Math.max(1, (samples + MAX_POINTS - 1) / MAX_POINTS);
    }

    private static List<Timeline.Sample> merge(List<Timeline.Sample> samples) {
        int size = bucket(samples.size());
        if (size == 1) {
            return samples;
        }
        List<Timeline.Sample> merged = new ArrayList<>(samples.size() / size + 1);
        for (int from = 0; from < samples.size(); from += size) {
            List<Timeline.Sample> part = samples.subList(from, Math.min(samples.size(), from + size));
            Timeline.Sample last = part.get(part.size() - 1);
            int min = Integer.MAX_VALUE;
            int max = 0;
            long suspicions = 0;
            long deaths = 0;
            for (Timeline.Sample s : part) {
                min = Math.min(min, s.min());
                max = Math.max(max, s.max());
                suspicions += s.suspicions();
                deaths += s.deaths();
            }
            merged.add(new Timeline.Sample(last.atMs(), last.live(), min, last.median(), max, suspicions, deaths));
        }
        return merged;
    }

    /** A value axis from 0 to a round top, with round ticks. */
    private record Axis(double top, double step) {
        static Axis of(double max, int ticks) {
            double raw = max / ticks;
            double magnitude = StrictMath.pow(10, StrictMath.floor(StrictMath.log10(raw)));
            double norm = raw / magnitude;
            double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
            double top = StrictMath.ceil(max / step - 1e-9) * step;
            return new Axis(Math.max(top, step), step);
        }

        String label(double v) {
            if (step >= 1 && v == Math.rint(v)) {
                return String.format(Locale.ROOT, "%,d", (long) v);
            }
            int decimals = (int) Math.max(1, StrictMath.ceil(-StrictMath.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }

    private static double x(double seconds, Axis time) {
        return LEFT + (RIGHT - LEFT) * Math.min(1, seconds / time.top());
    }

    private static double y(double value, Axis axis, int top, int bottom) {
        return bottom - (bottom - top) * Math.min(1, Math.max(0, value / axis.top()));
    }

    private static void frame(StringBuilder svg, int top, int bottom, Axis values, Axis time, boolean timeLabels) {
        svg.append("<g ").append(FONT).append(" font-size=\"11\" fill=\"#424242\">\n");
        for (int i = 0; i * values.step() <= values.top() + 1e-9; i++) {
            double v = i * values.step();
            String yy = num(y(v, values, top, bottom));
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"").append(yy)
                    .append("\" y2=\"").append(yy).append("\" stroke=\"").append(i == 0 ? "#9e9e9e" : "#eeeeee")
                    .append("\"/>\n");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(num(y(v, values, top, bottom) + 4))
                    .append("\" text-anchor=\"end\">").append(values.label(v)).append("</text>\n");
        }
        for (int i = 0; i * time.step() <= time.top() + 1e-9; i++) {
            double t = i * time.step();
            String xx = num(x(t, time));
            svg.append("<line x1=\"").append(xx).append("\" x2=\"").append(xx).append("\" y1=\"").append(top)
                    .append("\" y2=\"").append(bottom + 4).append("\" stroke=\"").append(i == 0 ? "#9e9e9e" : "#eeeeee")
                    .append("\"/>\n");
            if (timeLabels) {
                svg.append("<text x=\"").append(xx).append("\" y=\"").append(bottom + 18)
                        .append("\" text-anchor=\"middle\">").append(time.label(t)).append("</text>\n");
            }
        }
        svg.append("</g>\n");
    }

    private static void band(StringBuilder svg, List<Timeline.Sample> points, Axis time, Axis members) {
        if (points.isEmpty()) {
            return;
        }
        StringBuilder d = new StringBuilder();
        for (Timeline.Sample s : points) {
            d.append(d.length() == 0 ? 'M' : 'L').append(num(x(s.atMs() / 1000.0, time))).append(' ')
                    .append(num(y(s.max(), members, A_TOP, A_BOTTOM)));
        }
        for (int i = points.size() - 1; i >= 0; i--) {
            Timeline.Sample s = points.get(i);
            d.append('L').append(num(x(s.atMs() / 1000.0, time))).append(' ').append(num(y(s.min(), members, A_TOP, A_BOTTOM)));
        }
        svg.append("<path id=\"series-band\" d=\"").append(d).append("Z\" fill=\"").append(MEDIAN_COLOUR)
                .append("\" fill-opacity=\"0.12\" stroke=\"none\"/>\n");
    }

    private static void line(StringBuilder svg, String id, String colour, String width, String dash, List<Timeline.Sample> points,
            Axis time, Axis axis, int top, int bottom, java.util.function.ToDoubleFunction<Timeline.Sample> value) {
        StringBuilder d = new StringBuilder();
        for (Timeline.Sample s : points) {
            d.append(d.length() == 0 ? 'M' : 'L').append(num(x(s.atMs() / 1000.0, time))).append(' ')
                    .append(num(y(value.applyAsDouble(s), axis, top, bottom)));
        }
        svg.append("<path id=\"").append(id).append("\" d=\"").append(d).append("\" stroke=\"").append(colour)
                .append("\" stroke-width=\"").append(width).append('"');
        if (dash != null) {
            svg.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        svg.append("/>\n");
    }

    private static void marks(StringBuilder svg, List<Timeline.Mark> marks, Axis time) {
        svg.append("<g id=\"marks\" ").append(FONT).append(" font-size=\"11\">\n");
        for (int i = 0; i < marks.size(); i++) {
            Timeline.Mark m = marks.get(i);
            String colour = m.kind() == Timeline.Kind.FAULT ? FAULT_COLOUR : HEAL_COLOUR;
            double xx = x(m.atMs() / 1000.0, time);
            int labelY = A_TOP - 42 + 14 * (i % 2);
            svg.append("<g id=\"mark-").append(i).append("\" class=\"").append(m.kind().name().toLowerCase(Locale.ROOT))
                    .append("\">\n");
            svg.append("<line x1=\"").append(num(xx)).append("\" x2=\"").append(num(xx)).append("\" y1=\"").append(labelY + 3)
                    .append("\" y2=\"").append(B_BOTTOM).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"/>\n");
            boolean right = xx > (LEFT + RIGHT) / 2.0 + 150;
            String at = String.format(Locale.ROOT, "%s at %.1f s", m.label(), m.atMs() / 1000.0);
            svg.append("<text x=\"").append(num(right ? xx - 4 : xx + 4)).append("\" y=\"").append(labelY)
                    .append("\" text-anchor=\"").append(right ? "end" : "start").append("\" fill=\"").append(colour)
                    .append("\">").append(escape(at)).append("</text>\n");
            svg.append("</g>\n");
        }
        svg.append("</g>\n");
    }

    private static void legend(StringBuilder svg) {
        String[][] entries = {
            {MAX_COLOUR, "max", null}, {MEDIAN_COLOUR, "median", null}, {MIN_COLOUR, "min", null},
            {LIVE_COLOUR, "live nodes", "2 3"}, {SUSPICION_COLOUR, "suspicions / s", null}, {DEATH_COLOUR, "deaths / s", null},
            {FAULT_COLOUR, "fault", "5 3"}, {HEAL_COLOUR, "heal", "5 3"},
        };
        svg.append("<g id=\"legend\" ").append(FONT).append(" font-size=\"12\" fill=\"#212121\">\n");
        int xx = LEFT;
        int yy = HEIGHT - 24;
        for (String[] e : entries) {
            svg.append("<line x1=\"").append(xx).append("\" x2=\"").append(xx + 22).append("\" y1=\"").append(yy - 4)
                    .append("\" y2=\"").append(yy - 4).append("\" stroke=\"").append(e[0]).append("\" stroke-width=\"2.5\"");
            if (e[2] != null) {
                svg.append(" stroke-dasharray=\"").append(e[2]).append('"');
            }
            svg.append("/>\n");
            svg.append("<text x=\"").append(xx + 27).append("\" y=\"").append(yy).append("\">").append(e[1]).append("</text>\n");
            xx += 27 + 8 * e[1].length() + 18;
        }
        svg.append("</g>\n");
    }

    private static void text(StringBuilder svg, int x, int y, String anchor, int size, String weight, String colour, String text) {
        svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor).append("\" ")
                .append(FONT).append(" font-size=\"").append(size).append("\" font-weight=\"").append(weight)
                .append("\" fill=\"").append(colour).append("\">").append(escape(text)).append("</text>\n");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** @return the text with XML's special characters escaped, and characters XML cannot hold replaced by U+FFFD */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
                    b.append(allowed ? c : '\uFFFD');
                }
            }
        }
        return b.toString();
    }
}
