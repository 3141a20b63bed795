package health.liaison.insights;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Practice insights: read models fed by the other areas' events (ids, times and counts only) and the measures a
 * practice manager asks of them, by clinic-local day, week and month.
 */
@SpringBootApplication
public class InsightsApplication {

    public static void main(String[] args) {
        SpringApplication.run(InsightsApplication.class, args);
    }
}
