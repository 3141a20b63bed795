package health.liaison.systemtests;

import health.liaison.billing.BillingApplication;
import health.liaison.inventory.InventoryApplication;
import health.liaison.localstack.demo.DemoData;
import health.liaison.platform.testing.ApiClient;
import health.liaison.platform.testing.Infrastructure;
import health.liaison.platform.testing.RealInfrastructure;
import health.liaison.platform.testing.TestInfrastructure;
import health.liaison.records.RecordsApplication;
import health.liaison.scheduling.SchedulingApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator console in a real headless Chromium, through the gateway and the real authorization server's
 * login form, with scheduling, records, billing and inventory behind it and the demo practice group seeded.
 * One browser for the class; each test signs in as the user it needs. axe-core runs inside every page visited.
 */
@RealInfrastructure
class ConsoleIT {

    static Infrastructure infrastructure;
    static ExternalProcess identity;
    static ExternalProcess gateway;
    static ExternalProcess console;
    static String issuer;
    static String run;
    static final Map<String, RunningService> services = new LinkedHashMap<>();
    static final Map<String, Integer> ports = new HashMap<>();
    static final Map<String, String> tokens = new HashMap<>();
    static WebDriver browser;
    static String axeSource;

    @BeforeAll
    static void startThePlatformAndABrowser() throws Exception {
        infrastructure = TestInfrastructure.get();
        run = letters(6);
        int identityPort = ExternalProcess.freePort();
        int gatewayPort = ExternalProcess.freePort();
        issuer = "http://127.0.0.1:" + identityPort;
        String consoleBase = "http://127.0.0.1:" + gatewayPort + "/console";
        identity = ExternalProcess.start("local-stack", identityPort, Map.of("LIAISON_LOCAL_STACK_MODE", "identity-only",
                "LIAISON_ISSUER", issuer, "LIAISON_IDENTITY_CONSOLE_BASE_URLS", consoleBase));
        for (String area : List.of("scheduling", "records", "billing", "inventory")) {
            ports.put(area, ExternalProcess.freePort());
            start(area);
        }
        int consolePort = ExternalProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "LIAISON_OIDC_ISSUER_URI", issuer,
                "LIAISON_OIDC_JWK_SET_URI", issuer + "/oauth2/jwks",
                "LIAISON_GATEWAY_MONGODB_URI", infrastructure.mongoConnectionString(),
                "LIAISON_ROUTES_NOTIFICATIONS_URI", "http://127.0.0.1:" + ExternalProcess.freePort(),
                "LIAISON_ROUTES_CONSOLE_URI", "http://127.0.0.1:" + consolePort));
        ports.forEach((area, port) -> env.put("LIAISON_ROUTES_" + area.toUpperCase() + "_URI", "http://127.0.0.1:" + port));
        gateway = ExternalProcess.start("gateway", gatewayPort, env, "--spring.mongodb.database=console_gateway_" + run,
                "--liaison.rate-limit.per-user=100000", "--liaison.rate-limit.per-tenant=1000000");
        console = ExternalProcess.start("console", consolePort, Map.of(
                "LIAISON_OIDC_ISSUER_URI", issuer,
                "LIAISON_CONSOLE_GATEWAY_URI", gateway.url(),
                "LIAISON_CONSOLE_MONGODB_URI", infrastructure.mongoConnectionString()),
                "--spring.mongodb.database=console_" + run);
        new DemoData(gateway.url(), issuer + "/oauth2/token", line -> System.out.println("[demo] " + line)).seed();
        for (String user : List.of("coordinator@aurora", "nurse@aurora", "billing@aurora", "admin@aurora", "coordinator@belmont",
                "coordinator.miami@aurora", "notification-service@aurora")) {
            tokens.put(user, token(user));
        }
        try (InputStream axe = ConsoleIT.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            assertThat(axe).as("axe-core on the test classpath").isNotNull();
            axeSource = new String(axe.readAllBytes(), StandardCharsets.UTF_8);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    }

    static void start(String area) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + ports.get(area),
                "--spring.kafka.consumer.group-id=console-" + area + "-" + run));
        Class<?> application = switch (area) {
            case "scheduling" -> SchedulingApplication.class;
            case "records" -> RecordsApplication.class;
            case "billing" -> {
                args.add("--liaison.billing.encryption.dev-key-directory=" + System.getProperty("java.io.tmpdir") + "/liaison-console-keys");
                yield BillingApplication.class;
            }
            case "inventory" -> InventoryApplication.class;
            default -> throw new IllegalArgumentException(area);
        };
        String name = area.equals("records") ? "patient-records-service" : area + "-service";
        services.put(area, RunningService.startTrusting(application, name, "console_" + area + "_" + run, infrastructure,
                issuer, issuer + "/oauth2/jwks", args.toArray(String[]::new)));
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        List<AutoCloseable> all = new ArrayList<>(List.of(console, gateway));
        all.addAll(services.values());
        all.add(identity);
        for (AutoCloseable closeable : all) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    void aCoordinatorFindsJoseByAnAccentlessNameBooksFromAvailabilityAndWalksHerThroughTheDay() {
        String lastName = "Pérez" + run;
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "José", lastName);
        signIn("coordinator@aurora");
        assertThat(text("h1")).isEqualTo("Today");
        accessible();

        open("/patients");
        accessible();
        browser.findElement(By.id("name")).sendKeys("jose");
        browser.findElement(By.cssSelector("form[action$='/patients/search'] button")).click();
        WebElement hit = waitFor(() -> browser.findElements(By.cssSelector("#results tr.patient")).stream()
                .filter(row -> row.getText().contains("José " + lastName)).findFirst().orElse(null));
        hit.findElement(By.cssSelector("a.book-link")).click();
        assertThat(text("main")).contains("For José " + lastName);

        new Select(browser.findElement(By.id("providerId"))).selectByValue(DemoData.SURGEON_MIAMI);
        new Select(browser.findElement(By.id("roomId"))).selectByValue(DemoData.CONSULT_MIAMI);
        WebElement from = browser.findElement(By.id("from"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", from, nextWeekday().toString());
        browser.findElement(By.cssSelector("form[method='get'] button[type='submit']")).click();
        accessible();
        List<WebElement> slots = browser.findElements(By.cssSelector("button.slot"));
        assertThat(slots).as("free times from availability").isNotEmpty();
        slots.getFirst().click();

        // Today opens on the booked day with the new appointment, expected
        WebElement row = rowOf(patientId);
        assertThat(row.getText()).contains("José " + lastName).contains("Surgical consultation").contains("Booked");
        assertThat(row.findElement(By.cssSelector(".stage")).getText()).isEqualTo("Expected");
        accessible();
        press(patientId, "check-in", "In the waiting room");
        assertThat(rowOf(patientId).findElement(By.cssSelector(".wait-waiting")).getText()).matches("\\d+ min");
        press(patientId, "roomed", "Roomed");
        press(patientId, "with-provider", "With the provider");
        press(patientId, "check-out", "Checked out");
        WebElement done = rowOf(patientId);
        assertThat(done.findElement(By.cssSelector(".wait-waiting")).getText()).matches("\\d+ min");
        assertThat(done.findElement(By.cssSelector(".wait-roomed")).getText()).matches("\\d+ min");
        assertThat(done.findElement(By.cssSelector(".wait-visit")).getText()).matches("\\d+ min");
        assertThat(done.getText()).contains("Completed");
        // what the page shows is what scheduling stored
        JsonNode stored = api("coordinator@aurora").get("/api/scheduling/v1/appointments/" + done.getAttribute("data-appointment"))
                .token(tokens.get("coordinator@aurora")).send().json();
        assertThat(stored.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(stored.get("flow").get("checkedOutAt").isNull()).isFalse();
    }

    @Test
    void aPatientNamedLikeMarkupShowsAsText() {
        String xss = "<img src=x onerror=alert(1)>";
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, xss, "Xss" + run);
        signIn("coordinator@aurora");
        open("/patients/" + patientId);
        assertThat(text("h1.chart-name")).isEqualTo(xss + " Xss" + run);
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("<img src=x").doesNotContain("<img src=\"x\"");
        assertNoAlert();
        accessible();
    }

    @Test
    void aPostWithAForgedOrMissingCsrfTokenIs403AndChangesNothing() {
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "Carla", "Csrf" + run);
        String appointmentId = bookConsultation(patientId);
        signIn("coordinator@aurora");
        open("/today");
        String path = "/console/today/appointments/" + appointmentId + "/check-in?locationId=" + DemoData.MIAMI + "&date=" + nextWeekday();
        assertThat(postFromThePage(path, null)).isEqualTo(403);
        assertThat(postFromThePage(path, "forged-token")).isEqualTo(403);
        JsonNode stored = api("coordinator@aurora").get("/api/scheduling/v1/appointments/" + appointmentId)
                .token(tokens.get("coordinator@aurora")).send().json();
        assertThat(stored.get("status").asString()).isEqualTo("BOOKED");
        assertThat(stored.get("flow").get("checkedInAt").isNull()).isTrue();
        // the page's own token is accepted: the protection is the token, not the method
        assertThat(postFromThePage(path, csrfOfThePage())).isEqualTo(200);
    }

    @Test
    void aBillingUserTakesADepositAndADoubleSubmittedFormPaysOnce() {
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "Dalia", "Deposit" + run);
        signIn("billing@aurora");
        open("/billing?patientId=" + patientId);
        accessible();
        browser.findElement(By.id("q-type")).sendKeys(DemoData.BREAST_AUGMENTATION);
        browser.findElement(By.id("q-surgeon")).sendKeys(DemoData.SURGEON_MIAMI);
        WebElement minutes = browser.findElement(By.id("q-anesthesia"));
        minutes.clear();
        minutes.sendKeys("180");
        browser.findElement(By.cssSelector("form[action$='/billing/quotes'] button")).click();
        WebElement quote = waitFor(() -> browser.findElements(By.cssSelector("tr.quote")).stream().findFirst().orElse(null));
        assertThat(quote.getText()).contains("$12,210.00").contains("ISSUED");
        quote.findElement(By.cssSelector("button.accept")).click();

        assertThat(text("dd.balance")).isEqualTo(text("dd.total"));
        accessible();
        String invoiceId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        browser.findElement(By.id("reference")).sendKeys("tok_visa_4242");
        // the same rendered form submitted twice at once (a double click that got through)
        Object statuses = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.getElementById('payment-form');
                const body = () => new URLSearchParams(new FormData(form));
                const send = () => fetch(form.action, {method: 'POST', body: body(), redirect: 'manual'}).then(r => r.type + ':' + r.status);
                Promise.all([send(), send()]).then(done, e => done('failed ' + e));""");
        // each submit either paid (the redirect to the invoice) or was told the same payment is under way (409):
        // never a second payment
        assertThat(((List<?>) statuses).stream().map(String::valueOf).toList()).as("both submits").contains("opaqueredirect:0")
                .allMatch(status -> status.equals("opaqueredirect:0") || status.equals("basic:409"));
        browser.navigate().refresh();
        assertThat(text("dd.paid")).isEqualTo(text("dd.total"));
        assertThat(text("dd.balance")).isEqualTo("$0.00");
        assertThat(browser.findElements(By.cssSelector("li.payment"))).hasSize(1);
        JsonNode invoice = api("billing@aurora").get("/api/billing/v1/invoices/" + invoiceId).token(tokens.get("billing@aurora")).send().json();
        assertThat(invoice.get("payments").size()).isEqualTo(1);
        assertThat(invoice.get("paid").decimalValue()).isEqualByComparingTo(invoice.get("total").decimalValue());
    }

    @Test
    void aNurseTicksAChecklistItemAndTheBoardLosesThatBlocker() {
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "Elena", "Board" + run);
        String surgery = heldSurgery(patientId);
        signIn("nurse@aurora");
        open("/board?locationId=" + DemoData.MIAMI);
        WebElement row = waitUntilRow(surgery, r -> !r.findElements(By.cssSelector("button.tick-LABS")).isEmpty());
        // the checklist is outstanding: not started yet, or labs named among its items
        assertThat(row.findElements(By.cssSelector("li.blocker-CHECKLIST_LABS, li.blocker-CHECKLIST_NOT_STARTED"))).hasSize(1);
        accessible();
        row.findElement(By.cssSelector("button.tick-LABS")).click();
        assertThat(text("#messages")).contains("Checklist updated.");
        WebElement after = waitUntilRow(surgery, r -> !r.findElements(By.cssSelector("li.blocker-CHECKLIST_HISTORY_AND_PHYSICAL")).isEmpty());
        assertThat(after.getText()).doesNotContain("CHECKLIST_LABS").doesNotContain("CHECKLIST_NOT_STARTED");
        assertThat(after.findElements(By.cssSelector("button.tick-LABS"))).isEmpty();
    }

    @Test
    void aUserOfOneClinicNeedsBreakGlassForAnotherClinicsChart() {
        String patientId = patient("coordinator@aurora", DemoData.BEVERLY_HILLS, "Fabiola", "Glass" + run);
        signIn("coordinator.miami@aurora");
        open("/patients/" + patientId);
        assertThat(text("h1")).isEqualTo("This chart belongs to another clinic");
        assertThat(browser.getPageSource()).doesNotContain("Glass" + run);
        accessible();
        browser.findElement(By.id("reason")).sendKeys("Patient collapsed at the Miami front desk");
        browser.findElement(By.cssSelector("form[action$='/break-glass'] button")).click();
        assertThat(text("h1.chart-name")).isEqualTo("Fabiola Glass" + run);
    }

    @Test
    void aBelmontUserSeesNothingOfAurora() {
        String lastName = "Hidden" + run;
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "José", lastName);
        signIn("coordinator@belmont");
        open("/patients/" + patientId);
        assertThat(browser.getPageSource()).doesNotContain(lastName);
        assertThat(text("main")).contains("That did not work");
        open("/patients");
        browser.findElement(By.id("name")).sendKeys("jose");
        browser.findElement(By.cssSelector("form[action$='/patients/search'] button")).click();
        waitFor(() -> browser.findElements(By.cssSelector("#results p.empty, #results tr.patient")).stream().findFirst().orElse(null));
        assertThat(text("#results")).doesNotContain(lastName);
        open("/today?locationId=" + DemoData.MIAMI);
        assertThat(browser.getPageSource()).doesNotContain(lastName).doesNotContain("Aurora Aesthetics Miami");
    }

    @Test
    void anExpiredSessionLeadsThroughSignInBackToThePage() {
        signIn("coordinator@aurora");
        open("/patients");
        // the console's session and the identity provider's are gone (both cookies of this host)
        browser.manage().deleteAllCookies();
        browser.findElement(By.linkText("Surgery board")).click();
        waitFor(() -> browser.findElements(By.id("username")).stream().findFirst().orElse(null));
        login("coordinator@aurora");
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().contains("/console/board"));
        assertThat(text("h1")).isEqualTo("Surgery board");
    }

    @Test
    void anApiErrorShowsAReadableMessageNamingTheField() {
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "Gala", "Error" + run);
        signIn("coordinator@aurora");
        open("/patients/" + patientId + "/book?typeId=no-such-type&providerId=" + DemoData.SURGEON_MIAMI);
        String page = text("main");
        assertThat(page).contains("That did not work").contains("appointmentTypeId")
                .contains("is not an appointment type of your practice");
        assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("at health.liaison");
        accessible();
    }

    @Test
    void aCoordinatorSeesAMissingConsentSignsItAndItShowsAsSigned() {
        String type = "chart-consent-" + run.toLowerCase();
        ApiClient.Answer published = api("admin@aurora").post("/api/records/v1/consent-templates", """
                {"consentType":"%s","title":"Consent to <b>photos</b>","text":"I agree that my photographs are taken."}"""
                .formatted(type)).token(tokens.get("admin@aurora")).send();
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "Consuelo", "Consent" + run);
        signIn("coordinator@aurora");
        open("/patients/" + patientId);
        browser.findElement(By.cssSelector("a.chart-consents-link")).click();
        assertThat(text("h1")).isEqualTo("Consents");
        accessible();
        browser.findElement(By.id("consentType")).sendKeys(type, Keys.ENTER);
        WebElement missing = waitFor(() -> browser.findElements(By.cssSelector("ul.consents-missing li[data-consent-type='" + type + "']"))
                .stream().findFirst().orElse(null));
        assertThat(missing.getText()).contains("version 1").contains("not signed");
        missing.findElement(By.cssSelector("a.sign-consent")).click();
        assertThat(text("main h2")).isEqualTo("Consent to <b>photos</b>");
        assertThat(text(".consent-text")).isEqualTo("I agree that my photographs are taken.");
        accessible();
        browser.findElement(By.id("signerName")).sendKeys("Consuelo Consent" + run);
        browser.findElement(By.cssSelector("form[action$='/consents'] button")).click();
        WebElement signed = waitFor(() -> browser.findElements(By.cssSelector("table.consents-signed tr[data-consent-type='" + type + "']"))
                .stream().findFirst().orElse(null));
        assertThat(signed.getText()).contains("Signed").contains("Consuelo Consent" + run).contains("coordinator@aurora");
        assertThat(browser.findElements(By.cssSelector("ul.consents-missing li[data-consent-type='" + type + "']"))).isEmpty();
        accessible();
        JsonNode stored = api("coordinator@aurora").get("/api/records/v1/patients/" + patientId + "/consents")
                .token(tokens.get("coordinator@aurora")).send().json();
        assertThat(stored.size()).isEqualTo(1);
        assertThat(stored.get(0).get("status").asString()).isEqualTo("SIGNED");
    }

    @Test
    void aCoordinatorLogsAComplaintAndSeesItOpenWithItsDueDate() {
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "Queja", "Complaint" + run);
        signIn("coordinator@aurora");
        open("/patients/" + patientId);
        browser.findElement(By.cssSelector("a.chart-complaints-link")).click();
        assertThat(text("h1")).isEqualTo("Complaints");
        assertThat(text("p.empty")).isEqualTo("No complaints logged.");
        accessible();
        new Select(browser.findElement(By.id("category"))).selectByValue("SCHEDULING");
        browser.findElement(By.cssSelector("form[action$='/complaints'] button")).click();
        assertThat(text("main")).contains("That did not work").contains("description");
        accessible();
        open("/patients/" + patientId + "/complaints");
        new Select(browser.findElement(By.id("category"))).selectByValue("SCHEDULING");
        browser.findElement(By.id("description")).sendKeys("Waited <b>an hour</b> past the time");
        browser.findElement(By.cssSelector("form[action$='/complaints'] button")).click();
        WebElement row = waitFor(() -> browser.findElements(By.cssSelector("tr.complaint")).stream().findFirst().orElse(null));
        assertThat(row.getText()).contains("Scheduling").contains("Waited <b>an hour</b> past the time").contains("Open")
                .contains("coordinator@aurora");
        JsonNode stored = api("coordinator@aurora").get("/api/records/v1/patients/" + patientId + "/complaints")
                .token(tokens.get("coordinator@aurora")).send().json();
        assertThat(stored.size()).isEqualTo(1);
        LocalDate due = LocalDate.parse(stored.get(0).get("dueOn").asString());
        assertThat(due).isAfter(LocalDate.now(ZoneId.of("UTC")).minusDays(1));
        assertThat(row.findElements(By.cssSelector("td")).get(3).getText())
                .isEqualTo(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.ENGLISH).format(due));
        accessible();
    }

    @Test
    void anAdminSeesWhoOpenedTheChartAndACoordinatorDoesNot() {
        String patientId = patient("coordinator@aurora", DemoData.MIAMI, "Aurelia", "Audit" + run);
        signIn("coordinator@aurora");
        open("/patients/" + patientId);
        assertThat(text("h1.chart-name")).isEqualTo("Aurelia Audit" + run);
        assertThat(browser.findElements(By.cssSelector("a.chart-audit-link"))).isEmpty();
        open("/patients/" + patientId + "/audit");
        assertThat(text("main")).contains("That did not work");
        assertThat(browser.findElements(By.cssSelector("table.chart-audit"))).isEmpty();
        accessible();

        signIn("admin@aurora");
        open("/patients/" + patientId);
        browser.findElement(By.cssSelector("a.chart-audit-link")).click();
        assertThat(text("h1")).isEqualTo("Who opened this chart");
        List<String> rows = browser.findElements(By.cssSelector("tr.audit-entry")).stream().map(WebElement::getText).toList();
        assertThat(rows).anyMatch(row -> row.contains("coordinator@aurora") && row.contains("ALLOWED"));
        assertThat(rows).anyMatch(row -> row.contains("admin@aurora"));
        accessible();
    }

    @Test
    void aCoordinatorTakesInACallWorksItFromHerQueueAndTheTasksFollow() {
        String name = "Inés Llamada" + run;
        signIn("coordinator@aurora");
        browser.findElement(By.cssSelector("nav a.nav-work")).click();
        assertThat(text("h1")).isEqualTo("Work queue");
        accessible();
        browser.findElement(By.cssSelector("a.new-inquiry-link")).click();
        accessible();
        browser.findElement(By.id("i-name")).sendKeys(name);
        browser.findElement(By.cssSelector("form.new-inquiry button")).click();
        assertThat(text("main")).as("neither a phone nor an e-mail").contains("That did not work").contains("phone");
        accessible();

        open("/inquiries/new?locationId=" + DemoData.MIAMI);
        browser.findElement(By.id("i-name")).sendKeys(name);
        browser.findElement(By.id("i-phone")).sendKeys("+1786555" + String.format("%04d", new Random().nextInt(10_000)));
        browser.findElement(By.id("i-interest")).sendKeys("rhinoplasty");
        browser.findElement(By.id("i-message")).sendKeys("Asks about <b>prices</b>");
        browser.findElement(By.cssSelector("form.new-inquiry button")).click();
        assertThat(text("h1.inquiry-name")).isEqualTo(name);
        assertThat(text("dd.status")).isEqualTo("New");
        assertThat(text("dd.owner")).isEqualTo("coordinator@aurora");
        assertThat(text("p.contact-text")).isEqualTo("Asks about <b>prices</b>");
        accessible();
        String inquiryId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);

        // records' rule gives her the first response to make, due within the clinic's response target
        WebElement firstResponse = taskInTheQueue(inquiryId, "FIRST_RESPONSE");
        assertThat(firstResponse.getText()).contains("First response").contains("Open");
        assertThat(browser.findElements(By.cssSelector("tr.inquiry[data-inquiry='" + inquiryId + "']"))).singleElement()
                .satisfies(row -> assertThat(row.getText()).contains(name).contains("Phone").contains("coordinator@aurora"));
        accessible();

        // she calls back, nobody answers: contacted, the first response is done and the next attempt is planned
        open("/inquiries/" + inquiryId);
        new Select(browser.findElement(By.id("a-outcome"))).selectByValue("NO_ANSWER");
        browser.findElement(By.cssSelector("form.attempt button")).click();
        assertThat(text("dd.status")).isEqualTo("Contacted");
        assertThat(browser.findElements(By.cssSelector("li.contact.outbound .outcome"))).singleElement()
                .satisfies(outcome -> assertThat(outcome.getText()).isEqualTo("No answer"));
        WebElement next = taskInTheQueue(inquiryId, "NEXT_ATTEMPT");
        assertThat(browser.findElements(By.cssSelector("tr.task[data-kind='FIRST_RESPONSE'] a[href$='/inquiries/" + inquiryId + "']"))).isEmpty();
        String taskId = next.getAttribute("data-task");
        next.findElement(By.cssSelector("button.complete")).click();
        assertThat(text("#messages")).isEqualTo("Task done.");
        assertThat(browser.findElements(By.cssSelector("tr.task[data-task='" + taskId + "']"))).isEmpty();
        JsonNode task = api("coordinator@aurora").get("/api/records/v1/tasks/" + taskId).token(tokens.get("coordinator@aurora")).send().json();
        assertThat(task.get("status").asString()).isEqualTo("DONE");
        assertThat(task.get("completedBy").asString()).isEqualTo("coordinator@aurora");

        // she promises a price list for the next weekday at 10:30, clinic time
        open("/inquiries/" + inquiryId);
        browser.findElement(By.cssSelector("a.new-task-link")).click();
        accessible();
        new Select(browser.findElement(By.id("t-kind"))).selectByValue("SEND_PRICE_LIST");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]; arguments[2].value = '10:30'",
                browser.findElement(By.id("t-day")), nextWeekday().toString(), browser.findElement(By.id("t-time")));
        browser.findElement(By.cssSelector("form.new-task button")).click();
        assertThat(text("#messages")).isEqualTo("Task added to your queue.");
        WebElement priceList = taskInTheQueue(inquiryId, "SEND_PRICE_LIST");
        assertThat(priceList.getText()).contains("Send the price list").contains("10:30");
        JsonNode made = api("coordinator@aurora").get("/api/records/v1/tasks/" + priceList.getAttribute("data-task"))
                .token(tokens.get("coordinator@aurora")).send().json();
        assertThat(made.get("dueAt").asString()).isEqualTo(nextWeekday().atTime(10, 30).atZone(ZoneId.of("America/New_York"))
                .toInstant().toString());
        assertThat(made.get("ownerId").asString()).isEqualTo("coordinator@aurora");

        // she closes it as lost: the queue's lost list shows it
        open("/inquiries/" + inquiryId);
        new Select(browser.findElement(By.id("l-reason"))).selectByValue("PRICE");
        browser.findElement(By.cssSelector("form.loss button")).click();
        assertThat(text("dd.status")).isEqualTo("Lost");
        assertThat(text("dd.lost-reason")).isEqualTo("Price");
        open("/work?locationId=" + DemoData.MIAMI + "&status=LOST");
        assertThat(browser.findElements(By.cssSelector("tr.inquiry[data-inquiry='" + inquiryId + "']"))).hasSize(1);
        accessible();

        // nothing of it for another practice group
        signIn("coordinator@belmont");
        open("/work");
        assertThat(browser.getPageSource()).doesNotContain(name);
        open("/inquiries/" + inquiryId);
        assertThat(text("main")).contains("That did not work").doesNotContain(name);
    }

    @Test
    void anUnownedTextInquiryIsTakenFromTheQueueAndALateClaimSaysWhoHasIt() {
        String texted = textInquiry();
        signIn("coordinator@aurora");
        open("/work?locationId=" + DemoData.MIAMI);
        // the demo's lead from the practice's website form waits for someone to take it
        assertThat(browser.findElements(By.cssSelector("tr.inquiry")).stream().map(WebElement::getText)
                .filter(row -> row.contains("Valeria Santos"))).singleElement()
                .satisfies(row -> assertThat(row).contains("Web form").contains("Take it"));
        WebElement row = waitFor(() -> browser.findElements(By.cssSelector("tr.inquiry[data-inquiry='" + texted + "']"))
                .stream().findFirst().orElse(null));
        assertThat(row.getText()).contains("Text message").contains("(no name given)");
        row.findElement(By.cssSelector("button.claim")).click();
        assertThat(text("#messages")).isEqualTo("The inquiry is yours.");
        assertThat(text("dd.owner")).isEqualTo("coordinator@aurora");
        accessible();

        // a second coordinator's page still offers an inquiry that a colleague takes meanwhile
        String another = textInquiry();
        signIn("coordinator.miami@aurora");
        open("/inquiries/" + another);
        assertThat(text("dd.owner")).isEqualTo("nobody yet");
        ApiClient.Answer colleague = api("coordinator@aurora").post("/api/records/v1/inquiries/" + another + "/claim", "{}")
                .token(tokens.get("coordinator@aurora")).send();
        assertThat(colleague.status()).isEqualTo(200);
        browser.findElement(By.cssSelector("button.claim")).click();
        assertThat(text("main")).contains("That did not work").contains("already owned by coordinator@aurora");
        accessible();
        JsonNode stored = api("coordinator@aurora").get("/api/records/v1/inquiries/" + another)
                .token(tokens.get("coordinator@aurora")).send().json();
        assertThat(stored.get("ownerId").asString()).as("the first claim stands").isEqualTo("coordinator@aurora");
    }

    /**
     * A text from an unknown number, handed to records by the notification service (inside the cluster, not through
     * the gateway, which serves no service tokens): nobody owns it yet.
     */
    static String textInquiry() {
        ApiClient.Answer texted = services.get("records").api().post("/api/records/v1/inquiries", """
                {"locationId":"%s","source":"SMS","phone":"+1786555%04d","message":"Hola, cuanto cuesta?"}"""
                .formatted(DemoData.MIAMI, new Random().nextInt(10_000)))
                .token(tokens.get("notification-service@aurora")).header("Idempotency-Key", "sms-" + run + "-" + letters(8)).send();
        assertThat(texted.status()).as(texted.toString()).isEqualTo(201);
        return texted.json().get("id").asString();
    }

    /** The task of that kind about the inquiry in the signed-in user's queue, once records' rules have made it. */
    static WebElement taskInTheQueue(String inquiryId, String kind) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            open("/work?locationId=" + DemoData.MIAMI);
            return browser.findElements(By.cssSelector("tr.task[data-kind='" + kind + "']")).stream()
                    .filter(r -> !r.findElements(By.cssSelector("a[href$='/inquiries/" + inquiryId + "']")).isEmpty())
                    .findFirst().orElse(null);
        }, found -> found != null);
    }

    // ------------------------------------------------------------------------------------------------------------

    static void signIn(String user) {
        browser.get(gateway.url() + "/console/");
        browser.manage().deleteAllCookies();
        browser.get(gateway.url() + "/console/today");
        waitFor(() -> browser.findElements(By.id("username")).stream().findFirst().orElse(null));
        login(user);
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().startsWith(gateway.url() + "/console/today"));
    }

    static void login(String user) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("liaison");
        browser.findElement(By.cssSelector("button[type='submit']")).click();
    }

    static void open(String consolePath) {
        browser.get(gateway.url() + "/console" + consolePath);
    }

    static String text(String css) {
        return waitFor(() -> browser.findElements(By.cssSelector(css)).stream().findFirst().orElse(null)).getText();
    }

    static WebElement rowOf(String patientId) {
        return waitFor(() -> browser.findElements(By.cssSelector("tr[data-appointment]")).stream()
                .filter(row -> !row.findElements(By.cssSelector("a[href$='/patients/" + patientId + "']")).isEmpty())
                .findFirst().orElse(null));
    }

    static void press(String patientId, String step, String stage) {
        rowOf(patientId).findElement(By.cssSelector("button.step-" + step)).click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> rowOf(patientId).findElement(By.cssSelector(".stage")).getText().equals(stage));
    }

    static WebElement waitUntilRow(String appointmentId, java.util.function.Predicate<WebElement> condition) {
        try {
            return awaitRow(appointmentId, condition);
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            ApiClient.Answer onTheBoard = api("nurse@aurora").get("/api/scheduling/v1/surgery-cases/" + appointmentId)
                    .token(tokens.get("nurse@aurora")).send();
            ApiClient.Answer checklist = api("nurse@aurora").get("/api/records/v1/surgeries/" + appointmentId + "/checklist")
                    .token(tokens.get("nurse@aurora")).send();
            throw new AssertionError("board row of " + appointmentId + " never as expected; the page shows: "
                    + browser.findElement(By.tagName("main")).getText() + "; the board's API: " + onTheBoard
                    + "; records' checklist: " + checklist, timeout);
        }
    }

    static WebElement awaitRow(String appointmentId, java.util.function.Predicate<WebElement> condition) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("tr[data-appointment='" + appointmentId + "']")).stream()
                    .filter(condition).findFirst().orElse(null);
        }, found -> found != null);
    }

    static <T> T waitFor(java.util.concurrent.Callable<T> find) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(find, found -> found != null);
    }

    static void assertNoAlert() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("an alert was opened by page content");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    /** axe-core inside the current page: no serious or critical violation. */
    @SuppressWarnings("unchecked")
    static void accessible() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(axeSource);
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document).then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))),
                  e => done(['axe failed: ' + e]));""");
        assertThat((List<String>) result).as("axe-core on " + browser.getCurrentUrl()).isEmpty();
    }

    static String csrfOfThePage() {
        return browser.findElement(By.cssSelector("meta[name='_csrf']")).getAttribute("content");
    }

    /** A POST from the signed-in page itself (its session cookie goes along), with the given CSRF header or none. */
    static int postFromThePage(String path, String csrf) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = {'HX-Request': 'true'};
                if (arguments[1]) { headers['X-CSRF-TOKEN'] = arguments[1]; }
                fetch(arguments[0], {method: 'POST', headers: headers, redirect: 'manual'}).then(r => done(r.status), e => done(-1));""",
                path, csrf);
        return ((Number) status).intValue();
    }

    static ApiClient api(String user) {
        return new ApiClient(gateway.url());
    }

    static String patient(String user, String location, String first, String last) {
        ApiClient.Answer created = api(user).post("/api/records/v1/patients", """
                {"locationId":"%s","firstName":"%s","lastName":"%s","dateOfBirth":"1984-03-09"}"""
                .formatted(location, first.replace("\"", "\\\""), last)).token(tokens.get(user)).send();
        assertThat(created.status()).as(created.toString()).isIn(200, 201);
        return created.json().get("id").asString();
    }

    /** A consultation with dr-alvarez on the next weekday, booked through the API. */
    static String bookConsultation(String patientId) {
        ZonedDateTime start = nextWeekday().atTime(8 + new Random().nextInt(9), 0).atZone(ZoneId.of("America/New_York"));
        for (int attempt = 0; attempt < 40; attempt++) {
            ApiClient.Answer booked = api("coordinator@aurora").post("/api/scheduling/v1/appointments", """
                    {"patientId":"%s","locationId":"%s","appointmentTypeId":"%s","providerIds":["%s"],"roomIds":["%s"],"start":"%s"}"""
                    .formatted(patientId, DemoData.MIAMI, DemoData.CONSULTATION, DemoData.SURGEON_MIAMI, DemoData.CONSULT_MIAMI,
                            start.toInstant())).token(tokens.get("coordinator@aurora")).send();
            if (booked.status() == 201) {
                return booked.json().get("id").asString();
            }
            start = start.plusMinutes(75);
            if (start.getHour() >= 17) {
                start = start.withHour(7).plusDays(start.getDayOfWeek() == DayOfWeek.FRIDAY ? 3 : 1);
            }
        }
        throw new AssertionError("no free consultation time for the test");
    }

    /** A held breast augmentation after a completed consultation, as a coordinator does it through the API. */
    static String heldSurgery(String patientId) {
        String consultation = bookConsultation(patientId);
        for (String step : List.of("check-in", "roomed", "with-provider", "check-out")) {
            assertThat(api("coordinator@aurora").post("/api/scheduling/v1/appointments/" + consultation + "/" + step, "{}")
                    .token(tokens.get("coordinator@aurora")).send().status()).isEqualTo(200);
        }
        LocalDate day = nextWeekday().plusWeeks(3 + new Random().nextInt(20));
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        ZonedDateTime start = day.atTime(8, 0).atZone(ZoneId.of("America/New_York"));
        for (int attempt = 0; attempt < 30; attempt++) {
            ApiClient.Answer held = api("coordinator@aurora").post("/api/scheduling/v1/appointments", """
                    {"patientId":"%s","locationId":"%s","appointmentTypeId":"%s","providerIds":["%s","%s"],"roomIds":["%s"],
                     "start":"%s","holdMinutes":10080}"""
                    .formatted(patientId, DemoData.MIAMI, DemoData.BREAST_AUGMENTATION, DemoData.SURGEON_MIAMI,
                            DemoData.ANESTHESIA_MIAMI, DemoData.OR_MIAMI, start.toInstant()))
                    .token(tokens.get("coordinator@aurora")).send();
            if (held.status() == 201) {
                return held.json().get("id").asString();
            }
            start = start.plusDays(1);
            while (start.getDayOfWeek() == DayOfWeek.SATURDAY || start.getDayOfWeek() == DayOfWeek.SUNDAY) {
                start = start.plusDays(1);
            }
        }
        throw new AssertionError("no free surgery time for the test");
    }

    static LocalDate nextWeekday() {
        LocalDate day = LocalDate.now(ZoneId.of("America/New_York")).plusDays(1);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        return day;
    }

    static String token(String user) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":liaison").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.json().readTree(response.body()).get("access_token").asString();
    }

    static String letters(int count) {
        Random random = new Random();
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }
}
