package health.liaison.records.inquiries;

import java.time.Instant;

/** A clinic's web form: its public key (in the practice's website), the clinic it files into, who made it. */
public record InquiryForm(String id, String locationId, boolean active, Instant createdAt, String createdBy) {
}
