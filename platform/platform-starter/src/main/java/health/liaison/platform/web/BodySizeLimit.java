package health.liaison.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses request bodies over the configured size with 413 before they are read. The gateway enforces the same
 * limit at the edge; this holds for calls that reach a service directly inside the cluster.
 */
public class BodySizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    public BodySizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        boolean multipart = contentType != null && contentType.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
        if (request.getContentLengthLong() > maxBytes && !multipart) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"" + ApiProblem.TYPE_BASE + "payload-too-large\",\"title\":\"Content too large\","
                    + "\"status\":413,\"detail\":\"The request body exceeds " + maxBytes + " bytes.\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
