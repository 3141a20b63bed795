package health.liaison.platform.tracing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpEnvironmentTest {

    @Test
    void nothingSetExportsNothing() {
        assertThat(OtlpEnvironment.translate(Map.<String, String>of()::get)).isEmpty();
        assertThat(OtlpEnvironment.translate(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " ")::get)).isEmpty();
    }

    @Test
    void theBaseEndpointGetsTheTracesPathOverHttp() {
        assertThat(OtlpEnvironment.translate(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/")::get))
                .containsEntry(OtlpEnvironment.ENDPOINT, "http://collector:4318/v1/traces")
                .containsEntry(OtlpEnvironment.TRANSPORT, "http");
    }

    @Test
    void theTracesEndpointIsUsedAsIsAndGrpcKeepsTheBase() {
        assertThat(OtlpEnvironment.translate(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b:4318/custom")::get))
                .containsEntry(OtlpEnvironment.ENDPOINT, "http://b:4318/custom");
        assertThat(OtlpEnvironment.translate(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_TRACES_SAMPLER_ARG", "0.25")::get))
                .containsEntry(OtlpEnvironment.ENDPOINT, "http://a:4317")
                .containsEntry(OtlpEnvironment.TRANSPORT, "grpc")
                .containsEntry(OtlpEnvironment.SAMPLING, "0.25");
    }
}
