package health.liaison.console.web;

import health.liaison.console.ConsoleProperties;
import health.liaison.console.security.StaffUser;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseBody;

/** What every page's layout needs (the user, the idle logoff's timing), the home page and the keep-alive. */
@ControllerAdvice
@Controller
public class ConsolePages {

    private final ConsoleProperties properties;

    ConsolePages(ConsoleProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute
    void layout(Model model) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken) {
            model.addAttribute("user", StaffUser.current());
        }
        model.addAttribute("idleSeconds", properties.idleTimeout().toSeconds());
        model.addAttribute("idleWarningSeconds", properties.idleWarning().toSeconds());
    }

    @GetMapping("/")
    String home() {
        return "redirect:/today";
    }

    /** The idle warning's "stay signed in": a user action that renews the session. */
    @GetMapping("/keep-alive")
    @ResponseBody
    String keepAlive() {
        return "";
    }
}
