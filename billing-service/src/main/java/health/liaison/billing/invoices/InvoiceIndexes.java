package health.liaison.billing.invoices;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The work lists over invoices: the overdue sweep's two questions (an open invoice past its due date not yet told,
 * an open invoice with an instalment past due not yet told) each have their own index, so the sweep reads the
 * overdue ones only, however many invoices the years have paid.
 */
@Component
class InvoiceIndexes {

    InvoiceIndexes(MongoTemplate mongo) {
        mongo.indexOps("invoices").createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("overdueNotified", Sort.Direction.ASC).on("dueOn", Sort.Direction.ASC).named("overdue"));
        mongo.indexOps("invoices").createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("plan.overdueNotified", Sort.Direction.ASC).on("plan.dueOn", Sort.Direction.ASC).named("instalments_overdue"));
    }
}
