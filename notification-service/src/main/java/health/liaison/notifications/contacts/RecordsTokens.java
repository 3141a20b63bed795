package health.liaison.notifications.contacts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own access token for the records service, per practice group: messages go out from timers and events
 * where no user is present, and records scopes every read by the token's tenant, so each group has its own client
 * ({@code liaison.records.clients.<tenant>.client-id/-secret}) whose token is fetched from the authorization server
 * with the OAuth2 client-credentials grant and kept until shortly before it expires. A static
 * {@code liaison.records.token}, when set, is used instead for every group (tests, a single-group installation).
 */
@Component
class RecordsTokens {

    /** How long before its expiry a token is replaced, so a call never leaves with a token about to lapse. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    record Settings(String tokenUri, String token, Map<String, ServiceClient> clients, Duration timeout) {
        Settings {
            clients = clients == null ? Map.of() : Map.copyOf(clients);
            timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
        }

        static Settings from(Environment environment) {
            Binder binder = Binder.get(environment);
            return new Settings(environment.getProperty("liaison.records.token-uri"), environment.getProperty("liaison.records.token"),
                    binder.bind("liaison.records.clients", Bindable.mapOf(String.class, ServiceClient.class)).orElse(Map.of()),
                    binder.bind("liaison.records.timeout", Duration.class).orElse(null));
        }
    }

    record ServiceClient(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "ServiceClient[" + clientId + "]";
        }
    }

    private record Issued(String value, Instant renewAfter) {
    }

    record TokenResponse(String access_token, Long expires_in) {
    }

    private final Settings settings;
    private final RestClient http;
    private final Clock clock;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    @Autowired
    RecordsTokens(Environment environment, Clock clock) {
        this(Settings.from(environment), clock);
    }

    RecordsTokens(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(settings.timeout()).build());
        requests.setReadTimeout(settings.timeout());
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    /** The bearer token to call records with for this practice group, if one is configured. */
    Optional<String> forTenant(String tenant) {
        if (settings.token() != null && !settings.token().isBlank()) {
            return Optional.of(settings.token());
        }
        ServiceClient client = tenant == null ? null : settings.clients().get(tenant);
        if (client == null || settings.tokenUri() == null || settings.tokenUri().isBlank()) {
            return Optional.empty();
        }
        Issued current = issued.get(tenant);
        if (current != null && clock.instant().isBefore(current.renewAfter())) {
            return Optional.of(current.value());
        }
        Issued fresh = fetch(client);
        issued.put(tenant, fresh);
        return Optional.of(fresh.value());
    }

    private Issued fetch(ServiceClient client) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "client_credentials");
        TokenResponse response;
        try {
            response = http.post().uri(settings.tokenUri()).headers(h -> h.setBasicAuth(client.clientId(), client.clientSecret()))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve().body(TokenResponse.class);
        } catch (RestClientException e) {
            // a ResourceAccessException is a RestClientException: the send is retried later, like records being down
            throw new ResourceAccessException("The authorization server " + settings.tokenUri() + " gave no token to client "
                    + client.clientId() + ": check liaison.records.clients and that the client may use client_credentials");
        }
        if (response == null || response.access_token() == null) {
            throw new ResourceAccessException("The authorization server " + settings.tokenUri() + " answered without an access_token");
        }
        long lifetime = response.expires_in() == null ? 300 : response.expires_in();
        Instant renewAfter = clock.instant().plusSeconds(lifetime).minus(MARGIN);
        return new Issued(response.access_token(), renewAfter);
    }
}
