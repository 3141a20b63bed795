package health.liaison.gateway.observability;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * MongoDB's health (the rate-limit windows) as {@code ping}, replacing Spring Boot's reactive indicator under its
 * name: that one asks {@code hello}, which the local stack's mongo-java-server does not know, so the gateway's
 * {@code /actuator/health} said DOWN while every window was counted. Every MongoDB server answers {@code ping}.
 */
@Component("mongoHealthContributor")
class ReactiveMongoPing extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;

    ReactiveMongoPing(ReactiveMongoTemplate mongo) {
        super("MongoDB ping failed");
        this.mongo = mongo;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.getMongoDatabase().flatMap(database -> mongo.executeCommand(new Document("ping", 1)).map(answer ->
                builder.status(answer.get("ok") instanceof Number ok && ok.doubleValue() == 1.0 ? "UP" : "DOWN")
                        .withDetail("database", database.getName())
                        .build()));
    }
}
