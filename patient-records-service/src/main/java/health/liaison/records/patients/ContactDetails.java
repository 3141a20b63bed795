package health.liaison.records.patients;

/** How to reach the patient and who to call in an emergency, plus identifiers: sealed as one value. */
public record ContactDetails(String email, String phone, Address address, EmergencyContact emergencyContact, String ssn) {

    public record Address(String line1, String line2, String city, String region, String postalCode, String country) {
    }

    public record EmergencyContact(String name, String relationship, String phone) {
    }

    @Override
    public String toString() {
        return "ContactDetails[redacted]";
    }
}
