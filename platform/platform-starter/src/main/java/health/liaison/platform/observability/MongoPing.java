package health.liaison.platform.observability;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * MongoDB's health as {@code ping} on the service's own database. Spring Boot's indicator asks {@code hello}, which
 * mongo-java-server (the local stack and the tests) does not know, so {@code /actuator/health} said DOWN on every
 * service while MongoDB answered every query; {@code ping} is answered by every MongoDB server and replica set
 * member, and needs no privilege beyond a connection (a user limited to its own database may run it).
 */
public class MongoPing extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public MongoPing(MongoTemplate mongo) {
        super("MongoDB ping failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = mongo.getDb().runCommand(new Document("ping", 1));
        builder.status(answer.get("ok") instanceof Number ok && ok.doubleValue() == 1.0 ? "UP" : "DOWN")
                .withDetail("database", mongo.getDb().getName());
    }
}
