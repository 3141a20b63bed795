package health.liaison.records.patients;

import health.liaison.platform.events.records.PatientContactChanged;
import health.liaison.platform.events.records.PatientRegistered;
import health.liaison.platform.events.records.PatientsMerged;
import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.platform.web.Page;
import health.liaison.platform.web.Paging;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.platform.privacy.FieldCipher;
import jakarta.annotation.PostConstruct;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Charts: registering with a duplicate check, reading, correcting, searching and merging. */
@Service
public class Charts {

    private static final String CONTACT = "contact";

    private final TenantStore<Patient> patients;
    private final ChartAccess access;
    private final FieldCipher cipher;
    private final MongoTemplate mongo;
    private final Clock clock;

    Charts(TenantStores stores, ChartAccess access, FieldCipher cipher, MongoTemplate mongo, Clock clock) {
        this.patients = stores.of(Patient.class, "patients", "patient");
        this.access = access;
        this.cipher = cipher;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostConstruct
    void indexes() {
        var ops = mongo.indexOps("patients");
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("lastNameKey", Sort.Direction.ASC).on("firstNameKey", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("emailIndex", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("phoneIndex", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("ssnIndex", Sort.Direction.ASC));
        ops.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("dateOfBirth", Sort.Direction.ASC));
    }

    /**
     * Opens a chart. The same name and date of birth, the same email or the same SSN as an active chart is a
     * likely duplicate: refused with 409 listing the existing charts, unless the coordinator confirms with
     * {@code notADuplicate}. A shared phone number alone (families share phones) only comes back as a warning.
     */
    public Registered register(String id, PatientDetails details) {
        Caller caller = Callers.current();
        ContactDetails contact = details.contact();
        String first = FieldCipher.foldName(details.firstName());
        String last = FieldCipher.foldName(details.lastName());
        String emailIndex = cipher.blindIndex("email", FieldCipher.foldEmail(contact.email()));
        String phoneIndex = cipher.blindIndex("phone", FieldCipher.foldDigits(contact.phone()));
        String ssnIndex = cipher.blindIndex("ssn", FieldCipher.foldDigits(contact.ssn()));
        List<String> likely = ids(new Criteria().orOperator(
                Criteria.where("lastNameKey").is(last).and("firstNameKey").is(first).and("dateOfBirth").is(details.dateOfBirthChecked()),
                emailIndex == null ? Criteria.where("_id").is(null) : Criteria.where("emailIndex").is(emailIndex),
                ssnIndex == null ? Criteria.where("_id").is(null) : Criteria.where("ssnIndex").is(ssnIndex)));
        if (!likely.isEmpty() && !Boolean.TRUE.equals(details.notADuplicate())) {
            throw ApiProblem.conflict("possible-duplicate", "A chart with the same name and date of birth, email or SSN "
                    + "exists. Open it instead, merge later, or register again with \"notADuplicate\": true.",
                    Map.of("candidates", likely));
        }
        List<String> samePhone = phoneIndex == null ? List.of() : ids(Criteria.where("phoneIndex").is(phoneIndex));
        Instant now = clock.instant();
        Patient patient = new Patient(id, details.locationId(), details.firstName().trim(), details.lastName().trim(),
                first, last, details.dateOfBirth(), orDefault(details.preferredLanguage(), "en"),
                orDefault(details.preferredChannel(), contact.email() != null ? "EMAIL" : "SMS"), details.referralSource(),
                cipher.sealJson(contact, id, CONTACT), emailIndex, phoneIndex, ssnIndex, Patient.ACTIVE, null, now,
                caller.userId(), now, caller.userId());
        patients.insert(patient, List.of(new PatientRegistered(id, details.locationId(), now)), details.locationId());
        access.record("CREATE", id, "chart opened");
        List<String> warnings = new ArrayList<>(likely);
        warnings.addAll(samePhone);
        return new Registered(id, warnings.stream().distinct().toList());
    }

    public record Registered(String id, List<String> possibleDuplicates) {
    }

    public Versioned<PatientView> read(String patientId) {
        Versioned<Patient> chart = access.open(patientId, "READ_CHART", Section.DEMOGRAPHICS);
        return new Versioned<>(view(chart.value(), null), chart.version());
    }

    /** The view after a write the caller was allowed to make; no second audit entry. */
    public Versioned<PatientView> viewAfterWrite(String patientId, List<String> possibleDuplicates) {
        Versioned<Patient> chart = patients.get(patientId);
        return new Versioned<>(view(chart.value(), possibleDuplicates), chart.version());
    }

    /** Corrects demographics and contact details, if the chart is still as the caller read it (If-Match). */
    public void update(String patientId, long expectedVersion, PatientDetails details) {
        Versioned<Patient> current = access.open(patientId, "UPDATE_CHART", Section.DEMOGRAPHICS_WRITE);
        Patient before = current.value();
        if (!before.active()) {
            throw ApiProblem.conflict("chart-merged", "This chart was merged into " + before.mergedInto() + "; change that one.");
        }
        if (!before.locationId().equals(details.locationId()) && !Callers.current().worksAt(details.locationId())
                && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.invalid("locationId", "is not one of your clinics");
        }
        ContactDetails oldContact = cipher.openJson(before.sealedContact(), ContactDetails.class, patientId, CONTACT);
        ContactDetails contact = details.contact();
        Caller caller = Callers.current();
        Instant now = clock.instant();
        Patient next = new Patient(patientId, details.locationId(), details.firstName().trim(), details.lastName().trim(),
                FieldCipher.foldName(details.firstName()), FieldCipher.foldName(details.lastName()),
                details.dateOfBirthChecked(), orDefault(details.preferredLanguage(), before.preferredLanguage()),
                orDefault(details.preferredChannel(), before.preferredChannel()), details.referralSource(),
                cipher.sealJson(contact, patientId, CONTACT),
                cipher.blindIndex("email", FieldCipher.foldEmail(contact.email())),
                cipher.blindIndex("phone", FieldCipher.foldDigits(contact.phone())),
                cipher.blindIndex("ssn", FieldCipher.foldDigits(contact.ssn())), Patient.ACTIVE, null,
                before.registeredAt(), before.registeredBy(), now, caller.userId());
        boolean contactChanged = !contact.equals(oldContact)
                || !next.preferredLanguage().equals(before.preferredLanguage())
                || !next.preferredChannel().equals(before.preferredChannel());
        patients.update(patientId, expectedVersion, next,
                contactChanged ? List.of(new PatientContactChanged(patientId, next.locationId(), now)) : List.of(),
                next.locationId());
    }

    /**
     * Search within the caller's practice group: name prefix (either name, any case or accents), date of birth, and
     * exact phone, email or SSN through their blind indexes. Only charts the caller may see without breaking the glass
     * are matched (so the page and its total are exact); each chart returned is one audited search hit.
     */
    public Page<PatientView> search(String name, java.time.LocalDate dateOfBirth, String phone, String email,
                                    String ssn, Paging paging) {
        List<Criteria> all = new ArrayList<>();
        if (name != null && !name.isBlank()) {
            for (String word : FieldCipher.foldName(name).split(" ")) {
                String prefix = "^" + Pattern.quote(word);
                all.add(new Criteria().orOperator(Criteria.where("lastNameKey").regex(prefix),
                        Criteria.where("firstNameKey").regex(prefix)));
            }
        }
        if (dateOfBirth != null) {
            all.add(Criteria.where("dateOfBirth").is(dateOfBirth));
        }
        if (phone != null && !phone.isBlank()) {
            all.add(Criteria.where("phoneIndex").is(cipher.blindIndex("phone", FieldCipher.foldDigits(phone))));
        }
        if (email != null && !email.isBlank()) {
            all.add(Criteria.where("emailIndex").is(cipher.blindIndex("email", FieldCipher.foldEmail(email))));
        }
        if (ssn != null && !ssn.isBlank()) {
            all.add(Criteria.where("ssnIndex").is(cipher.blindIndex("ssn", FieldCipher.foldDigits(ssn))));
        }
        if (all.isEmpty()) {
            throw ApiProblem.invalid("name", "give at least one of name, dateOfBirth, phone, email or ssn");
        }
        all.add(Criteria.where("status").is(Patient.ACTIVE));
        access.visibleCharts().ifPresent(all::add);
        Criteria criteria = new Criteria().andOperator(all.toArray(Criteria[]::new));
        Page<Patient> found = patients.page(criteria, Sort.by("lastNameKey", "firstNameKey"), paging);
        return found.map(patient -> {
            access.record("SEARCH_HIT", patient.id(), null);
            return view(patient, null);
        });
    }

    /**
     * The name, date of birth and clinic of each chart the caller may open, in the order asked, each opened through
     * the gate and audited like a chart read; unknown ids, another group's, and charts the caller may not open are
     * left out (the denial is audited all the same).
     */
    public List<PatientSummary> summaries(List<String> ids) {
        List<PatientSummary> found = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            try {
                Patient patient = access.open(id, "READ_CHART", Section.DEMOGRAPHICS, "summary").value();
                found.add(new PatientSummary(patient.id(), patient.firstName() + " " + patient.lastName(),
                        patient.dateOfBirth(), patient.locationId()));
            } catch (ApiProblem notVisible) {
                // absent from the answer: the caller learns nothing about a chart they may not see
            }
        }
        return found;
    }

    /**
     * Merges a duplicate chart into the surviving one: the duplicate becomes MERGED and points at the survivor,
     * and PatientsMerged tells other services to move what they hold. Merging twice changes nothing more.
     */
    public void merge(String survivorId, String duplicateId) {
        if (survivorId.equals(duplicateId)) {
            throw ApiProblem.invalid("duplicatePatientId", "must be another chart than the surviving one");
        }
        Patient survivor = access.open(survivorId, "MERGE_INTO", Section.DEMOGRAPHICS_WRITE, "absorbs " + duplicateId).value();
        access.open(duplicateId, "MERGE", Section.DEMOGRAPHICS_WRITE, "merged into " + survivorId);
        if (!survivor.active()) {
            throw ApiProblem.conflict("chart-merged", "The surviving chart was itself merged into " + survivor.mergedInto());
        }
        Caller caller = Callers.current();
        Instant now = clock.instant();
        patients.modify(duplicateId, duplicate -> {
            if (!duplicate.active()) {
                if (survivorId.equals(duplicate.mergedInto())) {
                    return TenantStore.Change.quietly(duplicate);
                }
                throw ApiProblem.conflict("chart-merged", "This chart was already merged into " + duplicate.mergedInto());
            }
            return TenantStore.Change.of(duplicate.mergedInto(survivorId, now, caller.userId()),
                    List.of(new PatientsMerged(survivorId, duplicateId, duplicate.locationId(), now)), duplicate.locationId());
        });
    }

    /** Contact details of an opened chart (for services that reach the patient). */
    public ContactDetails contactOf(Patient patient) {
        return cipher.openJson(patient.sealedContact(), ContactDetails.class, patient.id(), CONTACT);
    }

    private PatientView view(Patient patient, List<String> possibleDuplicates) {
        return PatientView.of(patient, contactOf(patient), possibleDuplicates);
    }

    private List<String> ids(Criteria criteria) {
        Set<String> ids = new LinkedHashSet<>();
        for (Patient p : patients.find(new Criteria().andOperator(criteria, Criteria.where("status").is(Patient.ACTIVE)),
                Sort.by("_id"), 20)) {
            ids.add(p.id());
        }
        return List.copyOf(ids);
    }

    private static String orDefault(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
