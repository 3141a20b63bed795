package health.liaison.insights.api;

import health.liaison.insights.measures.InsightTable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A table as RFC 4180 CSV: the header, then one line per row; an empty field for a figure that has no value. */
final class CsvTable {

    private CsvTable() {
    }

    static String write(InsightTable table) {
        StringBuilder csv = new StringBuilder();
        line(csv, table.columns().stream().map(c -> (Object) c).toList());
        for (Map<String, Object> row : table.rows()) {
            line(csv, table.columns().stream().map(row::get).toList());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(values.get(i)));
        }
        csv.append("\r\n");
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
