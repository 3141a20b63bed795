package health.liaison.records.tasks;

import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import health.liaison.records.access.ChartAccess;
import health.liaison.records.access.Section;
import health.liaison.records.inquiries.Inquiries;
import health.liaison.records.inquiries.Inquiry;
import org.springframework.stereotype.Component;

/** What a hand-made task is about: a chart (opened through the chart gate, audited) or an inquiry of the group. */
@Component
class TaskSubjects {

    private final ChartAccess charts;
    private final Inquiries inquiries;

    TaskSubjects(ChartAccess charts, Inquiries inquiries) {
        this.charts = charts;
        this.inquiries = inquiries;
    }

    /** The clinic of the subject, if the caller may make a task about it: 404 for another group's, 403 another clinic's. */
    String locationOf(String subjectType, String subjectId) {
        if ("PATIENT".equals(subjectType)) {
            return charts.open(subjectId, "CREATE_TASK", Section.DEMOGRAPHICS_WRITE).value().locationId();
        }
        Inquiry inquiry = inquiries.find(subjectId).orElseThrow(() -> ApiProblem.notFound("inquiry"));
        if (!Callers.current().worksAt(inquiry.locationId()) && !Callers.current().hasRole("ADMIN")) {
            throw ApiProblem.forbidden("This inquiry belongs to a clinic you do not work at.");
        }
        return inquiry.locationId();
    }
}
