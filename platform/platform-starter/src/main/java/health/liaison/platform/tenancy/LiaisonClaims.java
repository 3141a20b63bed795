package health.liaison.platform.tenancy;

/** The access-token claims Liaison reads, whichever identity provider issues them. */
public final class LiaisonClaims {

    public static final String TENANT = "tenant";
    public static final String LOCATIONS = "locations";
    public static final String ROLES = "roles";
    public static final String PATIENT_ID = "patient_id";

    private LiaisonClaims() {
    }
}
