package health.liaison.insights.api;

import health.liaison.insights.measures.InsightTable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The insights tables over HTTP: JSON by default, CSV of the same table with {@code Accept: text/csv} or a
 * {@code .csv} suffix. Definitions of every column: docs/insights.md.
 */
@RestController
@RequestMapping("/api/insights/v1")
@PreAuthorize("isAuthenticated()")
class InsightsController {

    static final String CSV = "text/csv";

    private final Insights insights;

    InsightsController(Insights insights) {
        this.insights = insights;
    }

    @Operation(summary = "A table of practice figures (ids, local dates and numbers only)",
            description = "table: flow (ADMIN, COORDINATOR, PROVIDER: her own), conversion and follow-up (ADMIN, COORDINATOR), "
                    + "money (ADMIN, COORDINATOR, BILLING), experience (ADMIN, COORDINATOR), supplies (ADMIN, COORDINATOR, "
                    + "INVENTORY). Rows per clinic and period of clinic-local days; by splits them further. Definitions: docs/insights.md.")
    @GetMapping(value = "/{table}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> json(
            @Parameter(schema = @Schema(allowableValues = {"flow", "conversion", "follow-up", "money", "experience", "supplies"}))
            @PathVariable String table,
            @Parameter(description = "one clinic; all the caller may see when absent") @RequestParam(required = false) String locationId,
            @Parameter(description = "first local day, e.g. 2026-03-01") @RequestParam(required = false) String from,
            @Parameter(description = "last local day (inclusive)") @RequestParam(required = false) String to,
            @Parameter(schema = @Schema(allowableValues = {"DAY", "WEEK", "MONTH"}, defaultValue = "MONTH")) @RequestParam(required = false) String granularity,
            @Parameter(schema = @Schema(allowableValues = {"CLINIC", "PROVIDER", "COORDINATOR", "SOURCE", "INTEREST", "PROCEDURE"}, defaultValue = "CLINIC"))
            @RequestParam(required = false) String by,
            @RequestParam(required = false) String providerId,
            @RequestParam(required = false) String coordinatorId) {
        InsightTable answer = insights.answer(new Insights.Request(table, locationId, from, to, granularity, by, providerId, coordinatorId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", answer.name());
        body.put("columns", answer.columns());
        body.put("rows", answer.rows());
        return body;
    }

    @Operation(summary = "The same table as CSV (header row, then one line per row)")
    @GetMapping(value = "/{table}", produces = CSV)
    String csv(@PathVariable String table, @RequestParam(required = false) String locationId,
               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
               @RequestParam(required = false) String granularity, @RequestParam(required = false) String by,
               @RequestParam(required = false) String providerId, @RequestParam(required = false) String coordinatorId) {
        return CsvTable.write(insights.answer(new Insights.Request(table, locationId, from, to, granularity, by, providerId, coordinatorId)));
    }

    @Operation(summary = "The same table as CSV, by suffix (e.g. /flow.csv)")
    @GetMapping(value = "/{table}.csv", produces = CSV)
    String csvBySuffix(@PathVariable String table, @RequestParam(required = false) String locationId,
                       @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       @RequestParam(required = false) String granularity, @RequestParam(required = false) String by,
                       @RequestParam(required = false) String providerId, @RequestParam(required = false) String coordinatorId) {
        return csv(table, locationId, from, to, granularity, by, providerId, coordinatorId);
    }
}
