package health.liaison.platform.testing;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

import java.util.List;
import java.util.Map;

/** Points the application under test at the shared infrastructure and the test identity provider. */
final class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        boolean wanted = TestContextAnnotationUtils.hasAnnotation(testClass, RealInfrastructure.class)
                || MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).isPresent(RealInfrastructure.class);
        return wanted ? new Customizer() : null;
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(org.springframework.context.ConfigurableApplicationContext context,
                                     org.springframework.test.context.MergedContextConfiguration mergedConfig) {
            Infrastructure infrastructure = TestInfrastructure.get();
            Map<String, Object> properties = Map.of(
                    "spring.mongodb.uri", infrastructure.mongoConnectionString(),
                    "spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers(),
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIdentity.issuer(),
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestIdentity.jwkSetUri());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("liaison-test-infrastructure", properties));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
