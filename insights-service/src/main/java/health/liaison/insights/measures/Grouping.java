package health.liaison.insights.measures;

/** What a table's rows are split by besides clinic and period. */
public enum Grouping {
    CLINIC(null), PROVIDER("providerId"), COORDINATOR("coordinatorId"), SOURCE("source"), INTEREST("interest"),
    /** The procedure (appointment type) a quote is for; money only. */
    PROCEDURE("appointmentTypeId");

    private final String column;

    Grouping(String column) {
        this.column = column;
    }

    /** The column naming the group, or null when rows are per clinic only. */
    public String column() {
        return column;
    }
}
