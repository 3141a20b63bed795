package health.liaison.notifications.preferences;

import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one-click unsubscribe link of our e-mails (RFC 8058), open without a token: the mail client POSTs
 * {@code List-Unsubscribe=One-Click} to it and the opt-out is recorded. A GET (a reader who opened the link in a
 * browser) only shows a button that makes that POST: following a link never unsubscribes by itself, as RFC 8058
 * asks, since scanners follow links.
 */
@RestController
class UnsubscribeController {

    private static final String TOKEN = "{token:[A-Za-z0-9_-]{1,400}\\.[A-Za-z0-9_-]{1,100}}";

    private final EmailOptOuts optOuts;

    UnsubscribeController(EmailOptOuts optOuts) {
        this.optOuts = optOuts;
    }

    @Operation(summary = "Public: one-click unsubscribe (RFC 8058) from the acknowledgement and marketing e-mail of a clinic")
    @PostMapping(path = UnsubscribeLinks.PATH + TOKEN, produces = MediaType.TEXT_HTML_VALUE)
    String unsubscribe(@PathVariable String token) {
        optOuts.unsubscribe(token);
        return page("You are unsubscribed", "<p>We will send no more of these e-mails to your address.</p>");
    }

    @Operation(summary = "Public: the page of an unsubscribe link opened in a browser (changes nothing)")
    @GetMapping(path = UnsubscribeLinks.PATH + TOKEN, produces = MediaType.TEXT_HTML_VALUE)
    String confirm(@PathVariable String token) {
        if (!optOuts.isValid(token)) {
            throw ApiProblem.notFound("unsubscribe link");
        }
        return page("Unsubscribe", "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1>" + body + "</body></html>";
    }
}
