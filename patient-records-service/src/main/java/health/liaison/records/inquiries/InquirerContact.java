package health.liaison.records.inquiries;

/** Who asked and how to reach them: sealed as one value, like a chart's contact details. */
public record InquirerContact(String name, String email, String phone, String preferredLanguage, String preferredChannel) {

    /** This contact completed by what another contact of the same person adds (what is known stays). */
    InquirerContact completedBy(InquirerContact other) {
        return new InquirerContact(name != null ? name : other.name, email != null ? email : other.email,
                phone != null ? phone : other.phone,
                preferredLanguage != null ? preferredLanguage : other.preferredLanguage,
                preferredChannel != null ? preferredChannel : other.preferredChannel);
    }

    @Override
    public String toString() {
        return "InquirerContact[redacted]";
    }
}
