package health.liaison.localstack.identity;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/**
 * Starts only the authorization server, without the Kafka broker and MongoDB server the local stack's main()
 * starts. Deliberately neither a {@code @Configuration} nor a {@code @SpringBootConfiguration}: the identity tests
 * name it explicitly, and the application's own component scan (or configuration search) in other tests must not
 * find a second application here.
 */
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = IdentityTestApplication.class)
class IdentityTestApplication {

    /** Not the address the tests call: the issuer is configured, as in docker / k8s, not taken from the request. */
    static final String ISSUER = "http://authorization-server:9000";
}
