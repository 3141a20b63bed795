package health.liaison.billing.insurance;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.EDIStreamWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * X12 through StAEDI: reading an interchange into its segments with StAEDI's validation of the envelopes (ISA/IEA,
 * GS/GE, ST/SE, counts and control numbers) and of the syntax, and writing one segment at a time. Composite elements
 * are kept as their components joined by ':'. Plain Java, no framework.
 */
public final class X12 {

    private X12() {
    }

    /** One segment: its tag and its elements (index 0 is the first element after the tag). */
    public record Segment(String tag, List<String> elements) {

        public String get(int position) {
            return position >= 1 && position <= elements.size() ? elements.get(position - 1) : "";
        }

        @Override
        public String toString() {
            return tag + "*" + String.join("*", elements);
        }
    }

    /** The interchange could not be read: {@code problem} says where and what, never the data. */
    public static final class Malformed extends RuntimeException {
        /** The segment element at fault (e.g. "CLP04"), or null when the whole body is. */
        public final String field;

        Malformed(String problem) {
            this(null, problem);
        }

        Malformed(String field, String problem) {
            super(problem);
            this.field = field;
        }
    }

    /** Reads and validates an interchange; any syntax or envelope error is a {@link Malformed}. */
    public static List<Segment> read(String interchange) {
        if (interchange == null || interchange.isBlank() || !interchange.stripLeading().startsWith("ISA")) {
            throw new Malformed("not an X12 interchange: it must start with an ISA segment");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        EDIInputFactory factory = EDIInputFactory.newFactory();
        try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(interchange.strip().getBytes(StandardCharsets.UTF_8)))) {
            String tag = null;
            List<String> elements = null;
            StringBuilder composite = null;
            while (reader.hasNext()) {
                EDIStreamEvent event = reader.next();
                switch (event) {
                    case START_SEGMENT -> {
                        tag = reader.getText();
                        elements = new ArrayList<>();
                    }
                    case START_COMPOSITE -> composite = new StringBuilder();
                    case END_COMPOSITE -> {
                        elements.add(composite.toString());
                        composite = null;
                    }
                    case ELEMENT_DATA -> {
                        if (composite != null) {
                            if (reader.getLocation().getComponentPosition() > 1) {
                                composite.append(':');
                            }
                            composite.append(reader.getText());
                        } else {
                            int position = reader.getLocation().getElementPosition();
                            if (position == elements.size() && reader.getLocation().getElementOccurrence() > 1) {
                                // a repetition of the same element: kept joined by '^'
                                elements.set(position - 1, elements.get(position - 1) + "^" + reader.getText());
                            } else {
                                while (elements.size() < position - 1) {
                                    elements.add("");
                                }
                                elements.add(reader.getText());
                            }
                        }
                    }
                    case END_SEGMENT -> segments.add(new Segment(tag, List.copyOf(elements)));
                    case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR ->
                            errors.add(reader.getErrorType() + " in segment " + reader.getLocation().getSegmentPosition()
                                    + (reader.getReferenceCode() == null ? "" : " (" + reader.getReferenceCode() + ")"));
                    default -> {
                    }
                }
            }
        } catch (EDIStreamException | IOException | RuntimeException e) {
            if (e instanceof Malformed malformed) {
                throw malformed;
            }
            throw new Malformed("unreadable X12: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage().replaceAll("[^A-Za-z0-9 .,:()-]", "").lines().findFirst().orElse("")));
        }
        if (!errors.isEmpty()) {
            throw new Malformed("X12 validation failed: " + String.join("; ", errors));
        }
        return segments;
    }

    /** Writes segments with StAEDI (standard delimiters ~ * : ^); composite elements as String[]. */
    public static final class Writer {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final EDIStreamWriter writer;
        private int transactionSegments;

        public Writer() {
            EDIOutputFactory factory = EDIOutputFactory.newFactory();
            factory.setProperty(EDIOutputFactory.PRETTY_PRINT, true);
            this.writer = factory.createEDIStreamWriter(out);
            try {
                writer.startInterchange();
            } catch (EDIStreamException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes a segment; a String[] element is a composite. Counts segments between ST and SE. */
        public Writer segment(String tag, Object... elements) {
            try {
                writer.writeStartSegment(tag);
                for (Object element : elements) {
                    if (element instanceof String[] components) {
                        writer.writeStartElement();
                        for (String component : components) {
                            writer.writeComponent(component);
                        }
                        writer.endElement();
                    } else if (element == null || element.toString().isEmpty()) {
                        writer.writeEmptyElement();
                    } else {
                        writer.writeElement(element.toString());
                    }
                }
                writer.writeEndSegment();
            } catch (EDIStreamException e) {
                throw new IllegalStateException("Could not write " + tag + ": " + e.getMessage(), e);
            }
            if (tag.equals("ST")) {
                transactionSegments = 1;
            } else if (transactionSegments > 0) {
                transactionSegments++;
            }
            return this;
        }

        /** Segments written since ST, SE included: SE01. */
        public int transactionSegmentCount() {
            return transactionSegments + 1;
        }

        public String finish() {
            try {
                writer.endInterchange();
                writer.close();
            } catch (EDIStreamException e) {
                throw new IllegalStateException(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Pads or cuts to an ISA field's fixed width. */
    static String fixed(String value, int width) {
        String v = value == null ? "" : value;
        return v.length() >= width ? v.substring(0, width) : v + " ".repeat(width - v.length());
    }
}
