package health.liaison.console.web;

import health.liaison.console.api.GatewayProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.client.ResourceAccessException;

/**
 * An API problem becomes a readable message on a page of ours, naming the fields to fix; an unreachable API a
 * "try again" page. No stack trace ever reaches the browser. An htmx request gets the message swapped into the
 * page's message area instead (htmx does not swap error responses).
 */
@ControllerAdvice
class ProblemPages {

    private static final Logger log = LoggerFactory.getLogger(ProblemPages.class);

    @ExceptionHandler(GatewayProblem.class)
    String problem(GatewayProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("problem", problem);
        return show(request, response, problem.status() >= 500 ? 502 : problem.status());
    }

    @ExceptionHandler(ResourceAccessException.class)
    String unreachable(ResourceAccessException failure, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.warn("gateway unreachable: {}", failure.getClass().getSimpleName());
        model.addAttribute("unreachable", true);
        return show(request, response, 503);
    }

    private static String show(HttpServletRequest request, HttpServletResponse response, int status) {
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Retarget", "#messages");
            response.setHeader("HX-Reswap", "innerHTML");
            return "problem :: message";
        }
        response.setStatus(status);
        return "problem";
    }
}
