package dev.sampo.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The evaluation's figures, drawn by XChart: accuracy against sampling rate (the paper's Fig.
 * 4.7/4.8) and the CDF of the time to a correct grouping (Fig. 4.10). The file's extension picks the
 * format, {@code .png} or {@code .svg}.
 */
public final class EvaluationPlots {
    static final String PRECISION = "precision";
    static final String RECALL = "recall";
    static final String ORACLE_RECALL = "oracle recall";
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    /** One sampling rate of a sweep. */
    public record SweepPoint(int rate, double precision, double recall, double oracleRecall) {
    }

    private EvaluationPlots() {
    }

    /** Precision, recall and oracle recall against the 1-in-N sampling rate, N on a log axis. */
    public static void sweep(List<SweepPoint> points, String title, Path out) throws IOException {
        XYChart chart = chart(title, "sampling rate (1 in N)", "fraction of same-session pairs");
        XYStyler style = chart.getStyler();
        style.setXAxisLogarithmic(true);
        style.setYAxisMin(0.0);
        style.setYAxisMax(1.0);
        style.setXAxisDecimalPattern("#");
        style.setYAxisDecimalPattern("0.0");
        List<Integer> rates = points.stream().map(SweepPoint::rate).toList();
        series(chart, PRECISION, rates, points.stream().map(SweepPoint::precision).toList(), new Color(0x1f77b4));
        series(chart, RECALL, rates, points.stream().map(SweepPoint::recall).toList(), new Color(0xd62728));
        series(chart, ORACLE_RECALL, rates, points.stream().map(SweepPoint::oracleRecall).toList(),
                new Color(0x2ca02c)).setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                        10f, new float[] {6f, 4f}, 0f));
        save(chart, out);
    }

    /**
     * The empirical CDF of the seconds from a same-session pair's later subflow first sampled to the
     * pair first grouped; {@code delays} sorted ascending, and not empty.
     */
    public static void timeToCorrectCdf(List<Double> delays, String title, Path out) throws IOException {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("no pair was grouped: nothing to plot");
        }
        XYChart chart = chart(title, "time to correct grouping (s)", "fraction of grouped pairs");
        XYStyler style = chart.getStyler();
        style.setYAxisMin(0.0);
        style.setYAxisMax(1.0);
        style.setLegendVisible(false);
        style.setYAxisDecimalPattern("0.0");
        double[] x = new double[2 * delays.size()];
        double[] y = new double[2 * delays.size()];
        for (int i = 0; i < delays.size(); i++) {
            // A step: the fraction jumps at each delay.
            x[2 * i] = delays.get(i);
            y[2 * i] = (double) i / delays.size();
            x[2 * i + 1] = delays.get(i);
            y[2 * i + 1] = (double) (i + 1) / delays.size();
        }
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "CDF of %d pairs", delays.size()), x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(0x1f77b4));
        save(chart, out);
    }

    /** A capture as a title names it: its folder and file name (the folder often names the data set). */
    public static String captureName(Path capture) {
        Path abs = capture.toAbsolutePath().normalize();
        Path dir = abs.getParent() == null ? null : abs.getParent().getFileName();
        return dir == null ? abs.getFileName().toString() : dir + "/" + abs.getFileName();
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        XYStyler style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setLegendPosition(Styler.LegendPosition.InsideSW);
        style.setPlotGridLinesColor(new Color(0xdddddd));
        style.setAntiAlias(true);
        return chart;
    }

    private static XYSeries series(XYChart chart, String name, List<Integer> x, List<Double> y, Color colour) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    private static void save(XYChart chart, Path out) throws IOException {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new IllegalArgumentException("a plot is written as .png or .svg, not " + out.getFileName());
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            if (name.endsWith(".png")) {
                BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
            } else {
                VectorGraphicsEncoder.saveVectorGraphic(chart, o, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        }
    }
}
