package health.liaison.records.inquiries;

/**
 * A new contact from a prospective patient, from any channel: clinic, source (PHONE, WALK_IN, EMAIL, WEB_FORM, SMS,
 * REFERRAL, CAMPAIGN), coded interest, who they are, their message, and an owner when a coordinator took it.
 */
public record Intake(String locationId, String source, String interest, InquirerContact contact, String message,
                     String ownerId) {

    @Override
    public String toString() {
        return "Intake[" + source + "]";
    }
}
