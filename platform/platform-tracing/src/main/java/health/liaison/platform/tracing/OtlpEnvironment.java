package health.liaison.platform.tracing;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the OpenTelemetry SDK's standard environment variables ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL}, {@code OTEL_TRACES_SAMPLER_ARG})
 * into Spring Boot's tracing properties. None set (the default locally): spans still carry the trace id into logs
 * and events, but nothing is exported. An explicit Spring property always wins.
 */
public class OtlpEnvironment implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String TRANSPORT = "management.opentelemetry.tracing.export.otlp.transport";
    static final String SAMPLING = "management.tracing.sampling.probability";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = translate(environment::getProperty);
        properties.keySet().removeIf(environment::containsProperty);
        if (!properties.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("otel-environment", properties));
        }
    }

    /** The Boot properties that the standard variables ask for (per the OTLP exporter specification). */
    static Map<String, Object> translate(Variables variables) {
        Map<String, Object> properties = new LinkedHashMap<>();
        String protocol = blankToNull(variables.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"));
        if (protocol == null) {
            protocol = blankToNull(variables.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
        }
        boolean grpc = "grpc".equalsIgnoreCase(protocol);
        String traces = blankToNull(variables.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        String base = blankToNull(variables.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (traces != null) {
            properties.put(ENDPOINT, traces);
        } else if (base != null) {
            // the signal-less endpoint is a base: OTLP/HTTP appends the signal's path, gRPC uses it as is
            properties.put(ENDPOINT, grpc ? base : base.replaceAll("/+$", "") + "/v1/traces");
        }
        if (properties.containsKey(ENDPOINT)) {
            properties.put(TRANSPORT, grpc ? "grpc" : "http");
        }
        String samplerArg = blankToNull(variables.get("OTEL_TRACES_SAMPLER_ARG"));
        if (samplerArg != null) {
            properties.put(SAMPLING, samplerArg);
        }
        return properties;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Where the variables come from (the environment; a map in tests). */
    @FunctionalInterface
    interface Variables {
        String get(String name);
    }
}
