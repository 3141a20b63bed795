package health.liaison.console.security;

import health.liaison.console.ConsoleProperties;
import org.mongodb.spring.session.MongoIndexedSessionRepository;
import org.mongodb.spring.session.config.annotation.web.http.EnableMongoHttpSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;

/**
 * Sessions live in MongoDB ({@code console_sessions} of the console's database), so any console replica serves any
 * user; a session expires after the idle timeout.
 */
@Configuration(proxyBeanMethods = false)
@EnableMongoHttpSession(collectionName = "console_sessions")
class SessionStore {

    @Bean
    SessionRepositoryCustomizer<MongoIndexedSessionRepository> idleExpiry(ConsoleProperties properties) {
        return repository -> repository.setDefaultMaxInactiveInterval(properties.idleTimeout());
    }
}
