package health.liaison.localstack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds the demo practice group (Aurora Aesthetics: Miami on New York time, Beverly Hills on Los Angeles time) through
 * the gateway, the way a clinic's admin, billing and inventory staff would set it up: clinics and their hours,
 * surgeons, anesthesia, an injector, rooms and a laser, appointment types (consultation, breast augmentation with its
 * needs, prerequisite and follow-up series, post-op visit, injectables), fee schedules with deposit and cancellation
 * policy, catalog, kits, stock by lot and serial, par levels, consent forms and pre/post-op instructions.
 *
 * <p>Safe to run again: definitions are PUTs, templates and stock are looked up before they are added. It talks
 * HTTP only (the platform's public API with tokens from the authorization server), so it needs nothing but a JDK:
 * {@code java -jar local-stack-exec.jar seed-demo [gateway-url] [token-url]}.
 */
public final class DemoData {

    public static final String TENANT = "aurora";
    public static final String MIAMI = "aurora-miami";
    public static final String BEVERLY_HILLS = "aurora-beverly-hills";
    /** Works at Miami every weekday. */
    public static final String SURGEON_MIAMI = "dr-alvarez";
    /** Works at Miami Monday to Wednesday and at Beverly Hills Thursday and Friday. */
    public static final String SURGEON_BOTH = "dr-reyes";
    public static final String ANESTHESIA_MIAMI = "dr-okafor";
    public static final String ANESTHESIA_BEVERLY_HILLS = "dr-lin";
    public static final String INJECTOR = "np-kim";
    public static final String OR_MIAMI = "or-miami-1";
    public static final String CONSULT_MIAMI = "consult-miami-1";
    public static final String OR_BEVERLY_HILLS = "or-bh-1";
    public static final String CONSULT_BEVERLY_HILLS = "consult-bh-1";
    public static final String PROCEDURE_ROOM_BEVERLY_HILLS = "procedure-bh-1";
    public static final String CONSULTATION = "consultation";
    public static final String BREAST_AUGMENTATION = "breast-augmentation";
    public static final String POST_OP_VISIT = "post-op-visit";
    public static final String INJECTABLES = "botox";
    public static final String IMPLANT = "IMPLANT-SIL-300";
    public static final String SUTURE = "SUTURE-3-0";
    public static final String DRAPES = "DRAPE-PACK";
    public static final String GARMENT = "GARMENT-POSTOP-BRA";
    public static final String BOTOX = "BOTOX-100U";
    /** The kit of a breast augmentation, as the preference card lists it. */
    public static final Map<String, Integer> AUGMENTATION_KIT = Map.of(IMPLANT, 2, SUTURE, 4, DRAPES, 1, GARMENT, 1);
    public static final String DEMO_PASSWORD = "liaison";

    private final String gateway;
    private final String tokenUrl;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new HashMap<>();
    private int calls;

    public DemoData(String gateway, String tokenUrl, Consumer<String> progress) {
        this.gateway = gateway.replaceAll("/$", "");
        this.tokenUrl = tokenUrl;
        this.progress = progress;
    }

    public static void main(String[] args) {
        String gateway = args.length > 0 ? args[0] : "http://localhost:8080";
        String tokenUrl = args.length > 1 ? args[1] : "http://localhost:9000/oauth2/token";
        try {
            int calls = new DemoData(gateway, tokenUrl, line -> System.out.println("[demo] " + line)).seed();
            System.out.println("[demo] Aurora Aesthetics is ready to walk through (" + calls + " API calls).");
        } catch (SeedFailed e) {
            System.err.println("[demo] " + e.getMessage());
            System.exit(1);
        }
    }

    /** Thrown when a seeding call is refused; the message names the call and the platform's answer. */
    public static final class SeedFailed extends RuntimeException {
        SeedFailed(String message) {
            super(message);
        }
    }

    /** Seeds everything; returns how many API calls it made. */
    public int seed() {
        progress.accept("clinics, providers, rooms and appointment types (scheduling)");
        scheduling();
        progress.accept("fee schedules with deposit and cancellation policy (billing)");
        billing();
        progress.accept("catalog, kits, stock and par levels (inventory)");
        inventory();
        progress.accept("consent forms and pre/post-op instructions (records)");
        records();
        progress.accept("a busy today and tomorrow in Miami (patients, consultations in the flow, a held surgery, a complaint, low stock)");
        busyDays();
        progress.accept("inquiries in Miami's work queue (a call to return, a web-form lead nobody has taken yet)");
        inquiries();
        return calls;
    }

    /**
     * Two prospective patients for the work queue: a caller the coordinator took, whose first response is due, and a
     * lead from the practice's website form, posted as the website posts it (no token), that nobody owns yet.
     * Idempotent: skipped when Miami's queue already has inquiries.
     */
    private void inquiries() {
        if (!get("coordinator", "/api/records/v1/inquiries?locationId=" + MIAMI + "&size=1").contains("\"totalItems\":0")) {
            return;
        }
        send("coordinator", "POST", "/api/records/v1/inquiries", """
                {"locationId":"%s","source":"PHONE","interest":"%s","name":"Camila Ortega","phone":"+13055550142",
                 "preferredLanguage":"es","preferredChannel":"PHONE","message":"Asked about the price and the recovery time."}"""
                .formatted(MIAMI, BREAST_AUGMENTATION), Map.of("Idempotency-Key", "demo-inquiry-phone"));
        String form = send("admin", "POST", "/api/records/v1/inquiry-forms", "{\"locationId\":\"" + MIAMI + "\"}", Map.of());
        Matcher key = Pattern.compile("\"formKey\"\\s*:\\s*\"([^\"]+)\"").matcher(form);
        if (!key.find()) {
            throw new SeedFailed("POST /api/records/v1/inquiry-forms answered no form key: " + form);
        }
        HttpResponse<String> posted = exchange(HttpRequest.newBuilder(URI.create(gateway + "/api/public/v1/inquiry-forms/" + key.group(1)))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name":"Valeria Santos","email":"valeria.santos@example.com","preferredLanguage":"en",
                         "preferredChannel":"EMAIL","interest":"consultation","message":"Is a rhinoplasty consultation possible next week?"}"""))
                .build());
        calls++;
        if (posted.statusCode() != 202) {
            throw new SeedFailed("The web form answered " + posted.statusCode() + ": " + posted.body());
        }
    }

    private void scheduling() {
        String weekdays = "\"MONDAY\":[{\"opens\":\"07:00\",\"closes\":\"19:00\"}],\"TUESDAY\":[{\"opens\":\"07:00\",\"closes\":\"19:00\"}],"
                + "\"WEDNESDAY\":[{\"opens\":\"07:00\",\"closes\":\"19:00\"}],\"THURSDAY\":[{\"opens\":\"07:00\",\"closes\":\"19:00\"}],"
                + "\"FRIDAY\":[{\"opens\":\"07:00\",\"closes\":\"19:00\"}],\"SATURDAY\":[{\"opens\":\"08:00\",\"closes\":\"13:00\"}]";
        put("admin", "/api/scheduling/v1/locations/" + MIAMI,
                "{\"name\":\"Aurora Aesthetics Miami\",\"zoneId\":\"America/New_York\",\"hours\":{" + weekdays + "}}");
        put("admin", "/api/scheduling/v1/locations/" + BEVERLY_HILLS,
                "{\"name\":\"Aurora Aesthetics Beverly Hills\",\"zoneId\":\"America/Los_Angeles\",\"hours\":{" + weekdays + "}}");
        provider(SURGEON_MIAMI, "SURGEON", "Dr. Sofia Alvarez", hours(MIAMI, "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"));
        provider(SURGEON_BOTH, "SURGEON", "Dr. Daniel Reyes", hours(MIAMI, "MONDAY", "TUESDAY", "WEDNESDAY") + ","
                + hours(BEVERLY_HILLS, "THURSDAY", "FRIDAY"));
        provider(ANESTHESIA_MIAMI, "ANESTHESIA", "Dr. Grace Okafor", hours(MIAMI, "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"));
        provider(ANESTHESIA_BEVERLY_HILLS, "ANESTHESIA", "Dr. Kevin Lin",
                hours(BEVERLY_HILLS, "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"));
        provider(INJECTOR, "INJECTOR", "Mina Kim, NP", hours(BEVERLY_HILLS, "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"));
        room(OR_MIAMI, "ROOM", "OPERATING_ROOM", "Miami OR 1", MIAMI);
        room(CONSULT_MIAMI, "ROOM", "CONSULT_ROOM", "Miami consult room 1", MIAMI);
        room(OR_BEVERLY_HILLS, "ROOM", "OPERATING_ROOM", "Beverly Hills OR 1", BEVERLY_HILLS);
        room(CONSULT_BEVERLY_HILLS, "ROOM", "CONSULT_ROOM", "Beverly Hills consult room 1", BEVERLY_HILLS);
        room(PROCEDURE_ROOM_BEVERLY_HILLS, "ROOM", "PROCEDURE_ROOM", "Beverly Hills procedure room", BEVERLY_HILLS);
        room("laser-bh-1", "EQUIPMENT", "LASER", "CO2 laser", BEVERLY_HILLS);
        put("admin", "/api/scheduling/v1/appointment-types/" + CONSULTATION, """
                {"name":"Surgical consultation","category":"CONSULTATION","durationMinutes":60,"setupMinutes":0,"turnoverMinutes":15,
                 "needs":[{"kind":"PROVIDER","role":"SURGEON"},{"kind":"ROOM","role":"CONSULT_ROOM"}]}""");
        put("admin", "/api/scheduling/v1/appointment-types/" + POST_OP_VISIT, """
                {"name":"Post-op follow-up","category":"POST_OP","durationMinutes":30,"setupMinutes":0,"turnoverMinutes":0,
                 "needs":[{"kind":"PROVIDER","role":"SURGEON"}]}""");
        put("admin", "/api/scheduling/v1/appointment-types/" + BREAST_AUGMENTATION, """
                {"name":"Breast augmentation","category":"SURGERY","durationMinutes":180,"setupMinutes":30,"turnoverMinutes":30,
                 "needs":[{"kind":"PROVIDER","role":"SURGEON"},{"kind":"PROVIDER","role":"ANESTHESIA"},{"kind":"ROOM","role":"OPERATING_ROOM"}],
                 "allowedProviderIds":["%s","%s","%s","%s"],
                 "prerequisites":["CONSULTATION"],"followUps":["P1D","P7D","P30D","P90D","P180D"],"followUpTypeId":"%s"}"""
                .formatted(SURGEON_MIAMI, SURGEON_BOTH, ANESTHESIA_MIAMI, ANESTHESIA_BEVERLY_HILLS, POST_OP_VISIT));
        put("admin", "/api/scheduling/v1/appointment-types/" + INJECTABLES, """
                {"name":"Botulinum toxin treatment","category":"PROCEDURE","durationMinutes":30,"setupMinutes":0,"turnoverMinutes":10,
                 "needs":[{"kind":"PROVIDER","role":"INJECTOR"},{"kind":"ROOM","role":"PROCEDURE_ROOM"}]}""");
    }

    private static String hours(String location, String... days) {
        StringBuilder out = new StringBuilder();
        for (String day : days) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append("{\"locationId\":\"").append(location).append("\",\"day\":\"").append(day)
                    .append("\",\"start\":\"07:00\",\"end\":\"19:00\"}");
        }
        return out.toString();
    }

    private void provider(String id, String role, String name, String workingHours) {
        List<String> locations = workingHours.contains(BEVERLY_HILLS) && workingHours.contains(MIAMI) ? List.of(MIAMI, BEVERLY_HILLS)
                : List.of(workingHours.contains(MIAMI) ? MIAMI : BEVERLY_HILLS);
        put("admin", "/api/scheduling/v1/resources/" + id, "{\"kind\":\"PROVIDER\",\"role\":\"" + role + "\",\"name\":\"" + name
                + "\",\"locationIds\":" + array(locations) + ",\"workingHours\":[" + workingHours + "]}");
    }

    private void room(String id, String kind, String role, String name, String location) {
        put("admin", "/api/scheduling/v1/resources/" + id, "{\"kind\":\"" + kind + "\",\"role\":\"" + role + "\",\"name\":\"" + name
                + "\",\"locationIds\":[\"" + location + "\"]}");
    }

    private void billing() {
        String policy = """
                "anesthesiaPer15Minutes":95.00,"facilityFee":2400.00,"implantsAndSupplies":1800.00,"garments":120.00,
                "labs":250.00,"taxRatePercent":0,"taxedLines":[],"depositPercent":20,"depositDueDays":7,
                "discountApprovalAbovePercent":10,
                "cancellation":[{"daysBefore":30,"refundPercent":100},{"daysBefore":14,"refundPercent":50},{"daysBefore":0,"refundPercent":0}],
                "noShowFee":250.00,"balanceDueDays":14""";
        put("billing", "/api/billing/v1/fee-schedules/" + MIAMI + "/" + BREAST_AUGMENTATION,
                "{\"currency\":\"USD\",\"surgeonFee\":6500.00,\"surgeonFees\":{\"" + SURGEON_BOTH + "\":7200.00}," + policy + "}");
        put("billing", "/api/billing/v1/fee-schedules/" + BEVERLY_HILLS + "/" + BREAST_AUGMENTATION,
                "{\"currency\":\"USD\",\"surgeonFee\":7200.00," + policy + "}");
        for (String clinic : List.of(MIAMI, BEVERLY_HILLS)) {
            put("billing", "/api/billing/v1/fee-schedules/" + clinic + "/" + CONSULTATION, """
                    {"currency":"USD","surgeonFee":150.00,"depositPercent":0,"noShowFee":75.00}""");
        }
        put("billing", "/api/billing/v1/fee-schedules/" + BEVERLY_HILLS + "/" + INJECTABLES, """
                {"currency":"USD","surgeonFee":450.00,"depositPercent":0,"noShowFee":50.00}""");
    }

    private void inventory() {
        item(IMPLANT, "Silicone gel breast implant 300 cc", "IMPLANT", "each", 1, "SERIAL", true, "Mentor", "09504000059118");
        item(SUTURE, "Absorbable suture 3-0", "DISPOSABLE", "each", 12, "LOT", true, "Ethicon", null);
        item(DRAPES, "Sterile drape pack", "DISPOSABLE", "pack", 1, "NONE", false, "Medline", null);
        item(GARMENT, "Post-op support bra", "GARMENT", "each", 1, "NONE", false, "Marena", null);
        item(BOTOX, "Botulinum toxin type A 100 U", "INJECTABLE", "vial", 1, "LOT", true, "Allergan", null);
        put("inventory", "/api/inventory/v1/kits/" + BREAST_AUGMENTATION, "{\"items\":{\"" + IMPLANT + "\":2,\"" + SUTURE + "\":4,\""
                + DRAPES + "\":1,\"" + GARMENT + "\":1}}");
        put("inventory", "/api/inventory/v1/kits/" + INJECTABLES, "{\"items\":{\"" + BOTOX + "\":1}}");
        for (String clinic : List.of(MIAMI, BEVERLY_HILLS)) {
            String code = clinic.equals(MIAMI) ? "M" : "B";
            for (int n = 1; n <= 6; n++) {
                receive(clinic, "or-store", IMPLANT, null, "MEN300" + code + "%04d".formatted(n), "2029-06-30", 1);
            }
            // two lots expiring at different dates: kits take the earlier one first
            receive(clinic, "or-store", SUTURE, "ETH-A24" + code, null, "2027-09-30", 24);
            receive(clinic, "or-store", SUTURE, "ETH-B25" + code, null, "2028-06-30", 48);
            receive(clinic, "or-store", DRAPES, null, null, null, 12);
            receive(clinic, "or-store", GARMENT, null, null, null, 10);
            receive(clinic, "injectables-fridge", BOTOX, "ALG-7781" + code, null, "2027-12-31", 10);
            put("inventory", "/api/inventory/v1/par-levels/" + clinic + "/" + IMPLANT, "{\"parLevel\":8,\"reorderPoint\":4}");
            put("inventory", "/api/inventory/v1/par-levels/" + clinic + "/" + SUTURE, "{\"parLevel\":72,\"reorderPoint\":24}");
            put("inventory", "/api/inventory/v1/par-levels/" + clinic + "/" + BOTOX, "{\"parLevel\":12,\"reorderPoint\":4}");
        }
    }

    private void item(String sku, String name, String category, String unit, int perPack, String tracking, boolean expires,
                      String manufacturer, String gtin) {
        put("inventory", "/api/inventory/v1/items/" + sku, "{\"name\":\"" + name + "\",\"category\":\"" + category + "\",\"unit\":\"" + unit
                + "\",\"unitsPerPack\":" + perPack + ",\"tracking\":\"" + tracking + "\",\"expires\":" + expires + ",\"manufacturer\":\""
                + manufacturer + "\"" + (gtin == null ? "" : ",\"gtin\":\"" + gtin + "\"") + "}");
    }

    private void receive(String clinic, String place, String sku, String lot, String serial, String expiresOn, int quantity) {
        String stock = get("inventory", "/api/inventory/v1/stock?locationId=" + clinic + "&sku=" + sku);
        String marker = serial != null ? "\"" + serial + "\"" : lot != null ? "\"" + lot + "\"" : "\"sku\"";
        if (stock.contains(marker)) {
            return; // received on an earlier run
        }
        send("inventory", "POST", "/api/inventory/v1/stock/receipts", "{\"locationId\":\"" + clinic + "\",\"place\":\"" + place
                + "\",\"sku\":\"" + sku + "\"" + (lot == null ? "" : ",\"lot\":\"" + lot + "\"") + (serial == null ? "" : ",\"serial\":\""
                + serial + "\"") + (expiresOn == null ? "" : ",\"expiresOn\":\"" + expiresOn + "\"") + ",\"quantity\":" + quantity + "}",
                Map.of("Idempotency-Key", "demo-receipt-" + clinic + "-" + sku + "-" + (serial != null ? serial : lot != null ? lot : "all")));
    }

    private void records() {
        consentForm(BREAST_AUGMENTATION, "Consent to breast augmentation", """
                I understand the nature of breast augmentation with silicone gel implants, its expected results, the \
                alternatives, and its risks, including capsular contracture, implant rupture, infection, changes in \
                sensation, asymmetry, the need for further surgery, and breast implant associated anaplastic large cell \
                lymphoma. My questions were answered and I consent to the procedure.""");
        consentForm("photography", "Consent to clinical photography", """
                I consent to clinical photographs being taken before and after my treatment for my medical record. They \
                will not be shared outside the care team without my separate written permission.""");
        carePlan("PRE_OP", "Before your breast augmentation", """
                Stop aspirin, ibuprofen, fish oil and vitamin E 10 days before surgery. Stop GLP-1 medications 7 days before. \
                Do not smoke or vape for 4 weeks before and after. Nothing to eat after midnight; clear fluids until 2 hours \
                before arrival. Shower with the antiseptic wash the night before and the morning of surgery. Arrange for an \
                adult to drive you home and stay with you for the first night.""");
        carePlan("POST_OP", "After your breast augmentation", """
                Wear the support bra day and night for 6 weeks. Walk every few hours; no lifting over 5 kg for 4 weeks. \
                Take the prescribed pain medication with food. Call us at once for fever over 38.5 C, sudden swelling on one \
                side, or redness that spreads. Your follow-up visits are on day 1, week 1, and months 1, 3 and 6.""");
    }

    private void consentForm(String type, String title, String text) {
        if (get("admin", "/api/records/v1/consent-templates?consentType=" + type).contains("\"consentType\":\"" + type + "\"")) {
            return;
        }
        send("admin", "POST", "/api/records/v1/consent-templates",
                "{\"consentType\":\"" + type + "\",\"title\":\"" + title + "\",\"text\":\"" + text + "\"}", Map.of());
    }

    private void carePlan(String kind, String title, String instructions) {
        if (get("admin", "/api/records/v1/care-plan-templates?appointmentTypeId=" + BREAST_AUGMENTATION).contains("\"kind\":\"" + kind + "\"")) {
            return;
        }
        send("admin", "POST", "/api/records/v1/care-plan-templates", "{\"appointmentTypeId\":\"" + BREAST_AUGMENTATION + "\",\"kind\":\""
                + kind + "\",\"title\":\"" + title + "\",\"instructions\":\"" + instructions + "\"}", Map.of());
    }

    /** Demo patients of the Miami clinic (names only; no contact details). */
    static final List<String[]> DEMO_PATIENTS = List.of(new String[]{"José", "Pérez"}, new String[]{"María", "González"},
            new String[]{"Lucía", "Fernández"}, new String[]{"Carmen", "Rodríguez"}, new String[]{"Valentina", "López"},
            new String[]{"Ana", "Martínez"}, new String[]{"Sofía", "Ramírez"}, new String[]{"Isabel", "Torres"});
    static final String LOW_STOCK_ITEM = "GAUZE-4X4";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * What the console shows on first open: today's and tomorrow's consultations in Miami with dr-alvarez, the first
     * ones of each day at several stages of the visit (arrived, roomed, with the provider, checked out), a held
     * breast augmentation with its blockers open, a complaint due and a low-stock alert. Idempotent: patients are
     * registered under fixed Idempotency-Keys, a day already booked is not booked again, flow steps already taken
     * are refused by scheduling (409) and skipped, and the complaint, the hold and the stock are checked first.
     */
    private void busyDays() {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < DEMO_PATIENTS.size(); i++) {
            String[] name = DEMO_PATIENTS.get(i);
            String created = send("coordinator", "POST", "/api/records/v1/patients", "{\"locationId\":\"" + MIAMI + "\",\"firstName\":\""
                    + name[0] + "\",\"lastName\":\"" + name[1] + "\",\"dateOfBirth\":\"19" + (70 + i * 3) + "-0" + (1 + i) + "-1" + i + "\"}",
                    Map.of("Idempotency-Key", "demo-patient-" + i));
            patients.add(idOf(created));
        }
        ZoneId zone = ZoneId.of("America/New_York");
        LocalDate today = LocalDate.now(zone);
        for (LocalDate day : List.of(today, today.plusDays(1))) {
            String sheet = get("coordinator", "/api/scheduling/v1/appointments?locationId=" + MIAMI + "&date=" + day
                    + "&providerId=" + SURGEON_MIAMI + "&size=200");
            if (patients.stream().limit(6).anyMatch(sheet::contains)) {
                continue; // booked on an earlier run
            }
            List<String> booked = consultations(patients.subList(0, 6), day, zone);
            if (day.equals(today)) {
                // several stages of the flow: with the provider, roomed, in the waiting room, checked out
                String[][] stages = {{"check-in", "roomed", "with-provider"}, {"check-in", "roomed"}, {"check-in"},
                        {"check-in", "roomed", "with-provider", "check-out"}};
                for (int i = 0; i < Math.min(stages.length, booked.size()); i++) {
                    for (String step : stages[i]) {
                        attempt("coordinator", "POST", "/api/scheduling/v1/appointments/" + booked.get(i) + "/" + step, "{}", Map.of());
                    }
                }
            }
        }
        heldSurgery(patients.get(7), zone);
        String complainant = patients.get(1);
        if (get("coordinator", "/api/records/v1/patients/" + complainant + "/complaints").replaceAll("\\s", "").equals("[]")) {
            send("coordinator", "POST", "/api/records/v1/patients/" + complainant + "/complaints",
                    "{\"category\":\"SCHEDULING\",\"description\":\"Waited 40 minutes past her appointment time and was not told why.\"}",
                    Map.of());
        }
        item(LOW_STOCK_ITEM, "Gauze sponges 4x4", "DISPOSABLE", "pack", 1, "NONE", false, "Medline", null);
        put("inventory", "/api/inventory/v1/par-levels/" + MIAMI + "/" + LOW_STOCK_ITEM, "{\"parLevel\":60,\"reorderPoint\":20}");
        receive(MIAMI, "or-store", LOW_STOCK_ITEM, null, null, null, 12); // below its reorder point: an alert
    }

    /** One consultation per patient on the day, each at the next free hour on the clinic's clock. */
    private List<String> consultations(List<String> patients, LocalDate day, ZoneId zone) {
        List<String> booked = new ArrayList<>();
        ZonedDateTime earliest = ZonedDateTime.now(zone).plusMinutes(20).truncatedTo(ChronoUnit.HOURS).plusHours(1);
        ZonedDateTime start = day.atTime(7, 0).atZone(zone);
        if (start.isBefore(earliest)) {
            start = earliest;
        }
        for (String patient : patients) {
            while (start.getHour() < 18 && start.toLocalDate().equals(day)) {
                HttpResponse<String> answer = attempt("coordinator", "POST", "/api/scheduling/v1/appointments",
                        booking(patient, CONSULTATION, List.of(SURGEON_MIAMI), CONSULT_MIAMI, start.toInstant(), null), Map.of());
                start = start.plusHours(1);
                if (answer.statusCode() == 201) {
                    booked.add(idOf(answer.body()));
                    break;
                }
                if (answer.statusCode() != 409) {
                    return booked; // a closed day (weekend, holiday) or hours that do not fit: nothing more to book
                }
            }
        }
        return booked;
    }

    /** A breast augmentation held for a week, three weeks out, after a completed consultation: its blockers open. */
    private void heldSurgery(String patient, ZoneId zone) {
        String held = get("coordinator", "/api/scheduling/v1/appointments?patientId=" + patient + "&status=HELD&status=BOOKED&size=200");
        if (held.contains(BREAST_AUGMENTATION)) {
            return;
        }
        String completed = get("coordinator", "/api/scheduling/v1/appointments?patientId=" + patient + "&status=COMPLETED&size=200");
        if (!completed.contains(CONSULTATION)) {
            LocalDate day = LocalDate.now(zone);
            List<String> consultation = List.of();
            for (int n = 0; n < 7 && consultation.isEmpty(); n++) {
                consultation = consultations(List.of(patient), day.plusDays(n), zone);
            }
            for (String step : List.of("check-in", "roomed", "with-provider", "check-out")) {
                consultation.forEach(id -> attempt("coordinator", "POST", "/api/scheduling/v1/appointments/" + id + "/" + step, "{}", Map.of()));
            }
        }
        LocalDate day = LocalDate.now(zone).plusWeeks(3);
        for (int n = 0; n < 14; n++, day = day.plusDays(1)) {
            HttpResponse<String> answer = attempt("coordinator", "POST", "/api/scheduling/v1/appointments",
                    booking(patient, BREAST_AUGMENTATION, List.of(SURGEON_MIAMI, ANESTHESIA_MIAMI), OR_MIAMI,
                            day.atTime(8, 0).atZone(zone).toInstant(), 10080), Map.of());
            if (answer.statusCode() == 201) {
                return;
            }
        }
        progress.accept("no time for the demo's held surgery in the next weeks; skipped");
    }

    private static String booking(String patient, String type, List<String> providers, String room, Instant start, Integer holdMinutes) {
        return "{\"patientId\":\"" + patient + "\",\"locationId\":\"" + MIAMI + "\",\"appointmentTypeId\":\"" + type
                + "\",\"providerIds\":" + array(providers) + ",\"roomIds\":[\"" + room + "\"],\"start\":\"" + start + "\""
                + (holdMinutes == null ? "" : ",\"holdMinutes\":" + holdMinutes) + "}";
    }

    private static String idOf(String json) {
        Matcher id = ID.matcher(json);
        if (!id.find()) {
            throw new SeedFailed("no id in " + json.length() + " characters of answer");
        }
        return id.group(1);
    }

    private void put(String role, String path, String body) {
        send(role, "PUT", path, body, Map.of());
    }

    private String get(String role, String path) {
        return send(role, "GET", path, null, Map.of());
    }

    private String send(String role, String method, String path, String body, Map<String, String> headers) {
        HttpResponse<String> response = attempt(role, method, path, body, headers);
        if (response.statusCode() >= 300) {
            throw new SeedFailed(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** One call whose refusal the caller handles (a step already taken, a time already booked). */
    private HttpResponse<String> attempt(String role, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token(role + "@" + TENANT))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = exchange(request.build());
        calls++;
        return response;
    }

    private String token(String user) {
        return tokens.computeIfAbsent(user, u -> {
            String credentials = Base64.getEncoder().encodeToString((URLEncoder.encode(u, StandardCharsets.UTF_8) + ":" + DEMO_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + credentials).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
            Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new SeedFailed("No token for " + u + " from " + tokenUrl + " (" + response.statusCode() + "): is the local stack running?");
            }
            return token.group(1);
        });
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SeedFailed(request.method() + " " + request.uri() + " could not be sent (" + e.getMessage()
                    + "): is the platform running (./liaison status)?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeedFailed("interrupted");
        }
    }

    private static String array(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
