package health.liaison.records.inquiries;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The public web form: per-clinic form keys (made by an administrator), and taking a post in. A post is counted per
 * client address and per form before anything else (shared counters, exact across replicas), read with a strict size
 * limit, parsed strictly and validated; a filled-in honeypot is answered like any post and stores nothing. The answer
 * never tells whether the person was known.
 */
@Service
class WebForms {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantStore<InquiryForm> forms;
    private final Inquiries inquiries;
    private final IntakeLimits limits;
    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;
    private final long maxBody;

    WebForms(TenantStores stores, Inquiries inquiries, IntakeLimits limits, MongoTemplate mongo, JsonMapper json,
             Validator validator, Clock clock, @Value("${liaison.inquiries.web-form.max-body:4KB}") DataSize maxBody) {
        this.forms = stores.of(InquiryForm.class, "inquiry_forms", "inquiry form");
        this.inquiries = inquiries;
        this.limits = limits;
        this.mongo = mongo;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
        this.maxBody = maxBody.toBytes();
    }

    long maxBody() {
        return maxBody;
    }

    InquiryForm create(String locationId) {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        InquiryForm form = new InquiryForm("f" + Base64.getUrlEncoder().withoutPadding().encodeToString(key), locationId,
                true, clock.instant(), Callers.current().userId());
        forms.insert(form, List.of(), locationId);
        return form;
    }

    List<InquiryForm> list() {
        return forms.find(new Criteria(), Sort.by("createdAt"), 500);
    }

    /** Seconds to wait when the address is over its allowance, else 0. */
    long addressOver(String address) {
        return limits.addressOver(address);
    }

    /** Takes one post in; returns seconds to wait when the form is over its allowance, else 0. */
    long accept(String formKey, byte[] body) {
        WebFormPost post = parse(body);
        Document form = formKey.matches("f[A-Za-z0-9_-]{32}")
                ? mongo.findOne(Query.query(Criteria.where("_id").is(formKey).and("active").is(true)), Document.class, "inquiry_forms")
                : null;
        if (form == null) {
            throw ApiProblem.notFound("inquiry form");
        }
        long wait = limits.formOver(formKey);
        if (wait > 0) {
            return wait;
        }
        if (post.website() != null && !post.website().isBlank()) {
            // a bot filled the hidden field: answered like everyone, nothing stored
            return 0;
        }
        String tenant = form.getString("tenantId");
        String locationId = form.getString("locationId");
        Callers.runAs(Caller.system(tenant), () -> inquiries.receive(UUID.randomUUID().toString(), new Intake(locationId,
                "WEB_FORM", post.interest() == null ? "OTHER" : post.interest(),
                new InquirerContact(post.name().trim(), post.email(), post.phone(), post.preferredLanguage(),
                        post.preferredChannel()), post.message(), null)));
        return 0;
    }

    private WebFormPost parse(byte[] body) {
        WebFormPost post;
        try {
            post = json.readerFor(WebFormPost.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(body);
        } catch (UnrecognizedPropertyException unknown) {
            throw ApiProblem.invalid(unknown.getPropertyName(), "is not a field of the form");
        } catch (MismatchedInputException wrongShape) {
            String field = wrongShape.getPath().isEmpty() || wrongShape.getPath().getLast().getPropertyName() == null
                    ? "body" : wrongShape.getPath().getLast().getPropertyName();
            throw ApiProblem.invalid(field, "must be text");
        } catch (JacksonException malformed) {
            throw new ApiProblem(org.springframework.http.HttpStatus.BAD_REQUEST, "malformed-body", "Malformed body",
                    "The body is not a JSON object of the form's fields.", java.util.Map.of());
        }
        if (post == null) {
            throw ApiProblem.invalid("body", "must be a JSON object of the form's fields");
        }
        List<ConstraintViolation<WebFormPost>> violations = validator.validate(post).stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).toList();
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations.stream().map(v -> new ApiProblem.FieldProblem(v.getPropertyPath().toString(),
                    v.getMessage())).toList());
        }
        if (post.email() == null && post.phone() == null) {
            throw ApiProblem.invalid("phone", "give a phone number or an e-mail address");
        }
        return post;
    }
}
