package health.liaison.platform.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips, with the reason, a test whose infrastructure cannot exist here (containers without a Docker engine). */
final class RealInfrastructureCondition implements ExecutionCondition {

    private static volatile boolean told;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestInfrastructure.available()) {
            return ConditionEvaluationResult.enabled("infrastructure: " + TestInfrastructure.mode());
        }
        if (!told) {
            told = true;
            System.err.println("[liaison] " + TestInfrastructure.NO_DOCKER_MESSAGE);
        }
        return ConditionEvaluationResult.disabled(TestInfrastructure.NO_DOCKER_MESSAGE);
    }
}
