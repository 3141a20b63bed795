package health.liaison.gateway.routing;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceReadinessTest {

    private final InstanceReadiness readiness = new InstanceReadiness(new ServiceAreas(Map.of()),
            Duration.ofSeconds(1), Duration.ofMillis(800), "/actuator/health/readiness");
    private final ServiceInstance a = new DefaultServiceInstance("records-0", "records", "127.0.0.1", 8082, false);
    private final ServiceInstance b = new DefaultServiceInstance("records-1", "records", "127.0.0.1", 8092, false);

    @Test
    void everyInstanceIsOfferedUntilAProbeSaysOtherwise() {
        assertThat(readiness.choosable(List.of(a, b))).containsExactly(a, b);
    }

    @Test
    void anInstanceThatIsNotReadyIsLeftOutUntilItIsReadyAgain() {
        readiness.observed("127.0.0.1", 8092, false);
        assertThat(readiness.choosable(List.of(a, b))).containsExactly(a);

        readiness.observed("127.0.0.1", 8092, true);
        assertThat(readiness.choosable(List.of(a, b))).containsExactly(a, b);
    }

    @Test
    void whenNoInstanceIsReadyAllAreOffered() {
        readiness.observed("127.0.0.1", 8082, false);
        readiness.observed("127.0.0.1", 8092, false);

        assertThat(readiness.choosable(List.of(a, b))).containsExactly(a, b);
    }
}
