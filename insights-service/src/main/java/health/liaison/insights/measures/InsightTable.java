package health.liaison.insights.measures;

import java.util.List;
import java.util.Map;

/** A table of figures: its columns in order and one map per row (ids, local dates and numbers only). */
public record InsightTable(String name, List<String> columns, List<Map<String, Object>> rows) {
}
