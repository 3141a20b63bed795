package health.liaison.insights.facts;

import java.util.List;

/** The read-model collections of insights: each holds one fact document per aggregate of another area. */
public final class ReadModels {

    public static final String VISITS = "visits";
    public static final String INQUIRIES = "inquiries";
    public static final String TASKS = "tasks";
    public static final String QUOTES = "quotes";
    public static final String DEPOSITS = "deposits";
    public static final String PAYMENTS = "payments";
    public static final String REFUNDS = "refunds";
    public static final String OVERDUE_INVOICES = "overdue_invoices";
    public static final String CLAIMS = "claims";
    public static final String COMPLAINTS = "complaints";
    public static final String STOCK_OUTS = "stock_outs";
    public static final String CLINICS = "clinics";

    /** Every read model: what a rebuild from the topics drops first. */
    public static final List<String> ALL = List.of(VISITS, INQUIRIES, TASKS, QUOTES, DEPOSITS, PAYMENTS, REFUNDS,
            OVERDUE_INVOICES, CLAIMS, COMPLAINTS, STOCK_OUTS, CLINICS);

    private ReadModels() {
    }
}
