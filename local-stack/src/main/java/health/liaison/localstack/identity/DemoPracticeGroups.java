package health.liaison.localstack.identity;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo directory of the local stack: two practice groups (tenants), their clinics (locations) and one user
 * per role in each. Plain Java so the authorization server, seed data and tests can all read the same table.
 *
 * <p>Demo only: every user's password (and client secret) is {@value #DEMO_PASSWORD}. A real deployment gets its
 * users, tenants and locations from the group's identity provider, never from this class.
 */
public final class DemoPracticeGroups {

    /** The one password of every demo user and demo client. Never use it outside the local stack. */
    public static final String DEMO_PASSWORD = "liaison";

    public enum Role {
        COORDINATOR, PROVIDER, NURSE, BILLING, INVENTORY, ADMIN, PATIENT,
        /** A Liaison service acting on its own behalf (e.g. notifications reading contact details at send time). */
        SERVICE
    }

    /** The client a practice group gives the notification service to read contact details and care plans from records. */
    public static String notificationServiceClient(String tenant) {
        return "notification-service@" + tenant;
    }

    /** One clinic of a practice group; its zone decides what "9:00 on Monday" means there. */
    public record Clinic(String id, String name, ZoneId zone) {
    }

    public record PracticeGroup(String tenant, String name, List<Clinic> clinics) {

        public List<String> locationIds() {
            return clinics.stream().map(Clinic::id).toList();
        }
    }

    /**
     * A demo user as the tokens describe them. {@code patientId} is set only for the patient user: it ties
     * the login to one patient record, so a patient sees only their own data.
     */
    public record DemoUser(String username, String tenant, List<String> locations, List<Role> roles,
                           Optional<String> patientId) {
    }

    public static final PracticeGroup AURORA = new PracticeGroup("aurora", "Aurora Aesthetics", List.of(
            new Clinic("aurora-miami", "Aurora Aesthetics Miami", ZoneId.of("America/New_York")),
            new Clinic("aurora-beverly-hills", "Aurora Aesthetics Beverly Hills", ZoneId.of("America/Los_Angeles"))));

    public static final PracticeGroup BELMONT = new PracticeGroup("belmont", "Belmont Plastic Surgery", List.of(
            new Clinic("belmont-chicago", "Belmont Plastic Surgery Chicago", ZoneId.of("America/Chicago")),
            new Clinic("belmont-denver", "Belmont Plastic Surgery Denver", ZoneId.of("America/Denver"))));

    public static final List<PracticeGroup> PRACTICE_GROUPS = List.of(AURORA, BELMONT);

    /** A coordinator who works at one clinic only: what clinic scoping is tested with. */
    public static final String SINGLE_CLINIC_COORDINATOR = "coordinator.miami@aurora";

    private static final List<DemoUser> USERS = buildUsers();

    private DemoPracticeGroups() {
    }

    /** The fixed patient id carried by {@code patient@<tenant>}; seed data can create a record with this id. */
    public static String demoPatientId(String tenant) {
        return "demo-patient-" + tenant;
    }

    public static List<DemoUser> users() {
        return USERS;
    }

    public static Optional<DemoUser> user(String username) {
        return USERS.stream().filter(user -> user.username().equals(username)).findFirst();
    }

    public static Optional<PracticeGroup> practiceGroup(String tenant) {
        return PRACTICE_GROUPS.stream().filter(group -> group.tenant().equals(tenant)).findFirst();
    }

    public static Optional<Clinic> clinic(String locationId) {
        return PRACTICE_GROUPS.stream()
                .flatMap(group -> group.clinics().stream())
                .filter(clinic -> clinic.id().equals(locationId))
                .findFirst();
    }

    private static List<DemoUser> buildUsers() {
        List<DemoUser> users = new ArrayList<>();
        for (PracticeGroup group : PRACTICE_GROUPS) {
            for (Role role : Role.values()) {
                if (role == Role.SERVICE) {
                    continue;
                }
                String username = role.name().toLowerCase(Locale.ROOT) + "@" + group.tenant();
                Optional<String> patientId = role == Role.PATIENT
                        ? Optional.of(demoPatientId(group.tenant()))
                        : Optional.empty();
                users.add(new DemoUser(username, group.tenant(), group.locationIds(), List.of(role), patientId));
            }
            users.add(new DemoUser(notificationServiceClient(group.tenant()), group.tenant(), group.locationIds(),
                    List.of(Role.SERVICE), Optional.empty()));
        }
        users.add(new DemoUser(SINGLE_CLINIC_COORDINATOR, AURORA.tenant(), List.of("aurora-miami"),
                List.of(Role.COORDINATOR), Optional.empty()));
        return List.copyOf(users);
    }

    /** Role names as they appear in the {@code roles} claim. */
    static List<String> roleNames(DemoUser user) {
        return user.roles().stream().map(Role::name).toList();
    }
}
