package health.liaison.insights.measures;

import health.liaison.insights.clinics.ClinicCalendar;
import health.liaison.insights.facts.ReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static health.liaison.insights.measures.FactWindow.instant;

/** Stock-outs that blocked a booked case: cases whose kit could not be reserved (first failure's local day), and the items short. */
@Component
public class SuppliesMeasures {

    private final FactWindow facts;

    SuppliesMeasures(FactWindow facts) {
        this.facts = facts;
    }

    public InsightTable table(InsightQuery query) {
        Tabulation<Acc> tab = new Tabulation<>(query, Acc::new);
        for (ClinicCalendar clinic : query.clinics()) {
            for (Document stockOut : facts.at(clinic, query, ReadModels.STOCK_OUTS, "failedAt")) {
                tab.add(clinic, instant(stockOut, "failedAt"), Collections.singletonList(null), acc -> {
                    acc.cases++;
                    acc.skus.addAll(stockOut.getList("skus", String.class, List.of()));
                });
            }
        }
        return tab.table("supplies", List.of("casesBlockedByStockOut", "itemsShort"), (acc, row) -> {
            row.put("casesBlockedByStockOut", acc.cases);
            row.put("itemsShort", acc.skus.size());
        });
    }

    private static final class Acc {
        long cases;
        final Set<String> skus = new HashSet<>();
    }
}
