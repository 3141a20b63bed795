package health.liaison.platform.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a Spring Boot test against real infrastructure: the shared Kafka broker and MongoDB server of this test
 * JVM, and the test identity provider (a JWKS endpoint over HTTP) for tokens. Spring's context cache reuses one
 * application context for every test class with the same configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealInfrastructureCondition.class)
public @interface RealInfrastructure {
}
