package health.liaison.records;

import java.util.List;
import java.util.UUID;

/**
 * Patient data used by the tests, recognisable wherever it would leak: in stored documents (where sealed fields
 * must not appear in plaintext) and in the service's log output (where none may appear).
 */
public record Phi(String firstName, String lastName, String dateOfBirth, String email, String phone, String ssn,
                  String street, String emergencyName, String emergencyPhone) {

    /** Fixed markers that every test's data contains, scanned for in every test's log output. */
    static final String STREET_MARKER = "Calle Quetzalcoatl";
    static final String NOTE_MARKER = "Qx-clinical-note-marker";
    static final String MEDICATION_MARKER = "Warfarin-Qx";
    static final String CONDITION_MARKER = "Hypertension-Qx";
    static final String SIGNER_MARKER = "Signer Qxyz";
    /** Free text a user gives when breaking the glass or revoking a consent: sealed too. */
    static final String BREAK_GLASS_MARKER = "Qx-break-glass-haematoma";
    static final String REVOCATION_MARKER = "Qx-revocation-capsular-worry";
    /** What an inquirer writes (web form, SMS, a coordinator's note of the call): sealed. */
    public static final String INQUIRY_MARKER = "Qx-inquiry-body-rhinoplasty-worry";
    static final List<String> ALL_MARKERS = List.of(INQUIRY_MARKER, STREET_MARKER, NOTE_MARKER, MEDICATION_MARKER, CONDITION_MARKER,
            SIGNER_MARKER, BREAK_GLASS_MARKER, REVOCATION_MARKER, "Zephyrine", "Quixotico", "@phi-marker.example", "+1305555987", "987-65-",
            "Emergencia Qx", "1977-07-17");

    public static Phi fresh() {
        String n = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        int d = Math.abs(n.hashCode() % 10);
        return new Phi("Zephyrine" + n, "Quixotico" + n, "1977-07-17", "z." + n + "@phi-marker.example",
                "+1305555987" + d, "987-65-" + (1000 + Math.abs(n.hashCode() % 9000)), STREET_MARKER + " " + n, "Emergencia Qx " + n,
                "+1305555987" + ((d + 1) % 10));
    }

    public String registrationJson(String locationId) {
        return registrationJson(locationId, firstName, lastName, dateOfBirth, email, phone, null);
    }

    String registrationJson(String locationId, String first, String last, String dob, String mail, String tel, Boolean notADuplicate) {
        return """
                {"locationId":"%s","firstName":"%s","lastName":"%s","dateOfBirth":"%s",
                 "email":%s,"phone":%s,"preferredLanguage":"es","preferredChannel":"SMS","referralSource":"instagram",
                 "address":{"line1":"%s","city":"Miami","region":"FL","postalCode":"33101","country":"US"},
                 "emergencyContact":{"name":"%s","relationship":"sister","phone":"%s"},
                 "ssn":"%s"%s}""".formatted(locationId, first, last, dob, q(mail), q(tel), street, emergencyName,
                emergencyPhone, ssn, notADuplicate == null ? "" : ",\"notADuplicate\":" + notADuplicate);
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
